/* The payment sheet and the receipt as a modal dialog, for keyboards and screen readers: whatever pos-sale.js and
 * pos-receipt.js draw into #overlay becomes role=dialog with aria-modal and a name; focus moves into it on open,
 * stays inside (Tab and Shift+Tab cycle), is kept on the same control when a status change redraws the sheet, and
 * goes back to the Charge button on close. Esc presses the sheet's own close button ([data-dismiss]) when the
 * engine's canCloseSaleScreen allows it in the sale's phase (not while a paid sale's order is being created). Each new status is announced once
 * through the page's one aria-live region. */

import { canCloseSaleScreen } from "./sale-engine.js";

const FOCUSABLE = 'button:not([disabled]), a[href], select:not([disabled]), input:not([disabled]), [tabindex="0"]';

/** Announces `text` through the page's aria-live region (nothing when it is what was said last). */
export function announce(text) {
  const live = document.getElementById("live");
  if (!live || !text || live.textContent === text) return;
  live.textContent = text;
}

function sheetOf(overlay) {
  return overlay.querySelector("[data-testid=payment-sheet], [data-testid=receipt]");
}

function focusables(sheet) {
  return [...sheet.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
}

/** The sheet's status as one sentence, for the live region. */
function statusSentence(sheet) {
  const text = (testid) => sheet.querySelector(`[data-testid=${testid}]`)?.textContent?.trim() ?? "";
  if (sheet.dataset.testid === "receipt") return `Paid. Order ${text("order-number")}.`;
  return [text("payment-status"), text("payment-received")].filter(Boolean).join(" ");
}

/** Esc may close the sheet: the engine allows it in the sale's phase (the receipt: always), and it has a close button. */
function canDismiss(sheet) {
  const phase = sheet.dataset.phase;
  return (!phase || canCloseSaleScreen(phase)) && Boolean(sheet.querySelector("[data-dismiss]"));
}

/** Watches #overlay; `returnFocus()` gives the control focus goes back to when the sheet closes. */
export function manageDialog(overlay, returnFocus) {
  let lastFocusedTestid = null;
  let open = false;

  overlay.addEventListener("focusin", (e) => {
    lastFocusedTestid = e.target?.dataset?.testid ?? null;
  });

  function onChange() {
    const sheet = sheetOf(overlay);
    if (!sheet) {
      if (open) {
        open = false;
        lastFocusedTestid = null;
        if (!overlay.contains(document.activeElement)) returnFocus()?.focus();
      }
      return;
    }
    const isReceipt = sheet.dataset.testid === "receipt";
    sheet.setAttribute("role", "dialog");
    sheet.setAttribute("aria-modal", "true");
    sheet.setAttribute("aria-label", isReceipt ? "Receipt" : "MixPay payment");
    sheet.tabIndex = -1;
    // Esc never cancels a payment the customer may be scanning (Cancel is a button press): it closes what is over.
    for (const el of sheet.querySelectorAll("[data-testid=cancelled-back], [data-testid=new-sale]")) {
      el.dataset.dismiss = "";
    }
    announce(statusSentence(sheet));
    const again = lastFocusedTestid && sheet.querySelector(`[data-testid="${CSS.escape(lastFocusedTestid)}"]`);
    if (again) again.focus();
    else if (!sheet.contains(document.activeElement)) sheet.focus();
    open = true;
  }

  new MutationObserver(onChange).observe(overlay, { childList: true });

  document.addEventListener(
    "keydown",
    (e) => {
      const sheet = sheetOf(overlay);
      if (!sheet) return;
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopImmediatePropagation();
        if (canDismiss(sheet)) sheet.querySelector("[data-dismiss]").click();
        return;
      }
      if (e.key !== "Tab") return;
      const items = focusables(sheet);
      if (items.length === 0) {
        e.preventDefault();
        sheet.focus();
        return;
      }
      const first = items[0];
      const last = items[items.length - 1];
      const inside = sheet.contains(document.activeElement);
      if (e.shiftKey && (!inside || document.activeElement === first || document.activeElement === sheet)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (!inside || document.activeElement === last)) {
        e.preventDefault();
        first.focus();
      }
    },
    true,
  );
}
