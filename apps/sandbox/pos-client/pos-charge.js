/* The Charge button's states on the POS page: busy while a payment is created ("Creating payment…", aria-busy,
 * announced), and a failure in plain words (the sale engine's chargeErrorText, never a server's internal message) in
 * the role=alert right under it, with Try again. */
import { announce } from "./pos-dialog.js";
import { CREATING_PAYMENT_TEXT, chargeErrorText } from "./sale-engine.js";

/** Shows Charge as busy; returns `idle({ enable })`, which restores its text (and enables it when asked). */
export function showChargeBusy(button) {
  const idleText = button.textContent;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  button.textContent = CREATING_PAYMENT_TEXT;
  announce(CREATING_PAYMENT_TEXT);
  return ({ enable }) => {
    button.removeAttribute("aria-busy");
    button.textContent = idleText;
    if (enable) button.disabled = false;
  };
}

/** Charge's error next to it, with Try again (`retry`); null clears it. */
export function showChargeError(error, retry) {
  const box = document.getElementById("charge-error");
  box.innerHTML = "";
  if (!error) return;
  const text = document.createElement("span");
  text.dataset.testid = "charge-error-text";
  text.textContent = `Could not start the MixPay payment: ${chargeErrorText({
    status: error.status ?? null,
    retryAfterSeconds: error.retryAfterSeconds ?? null,
    message: error.message,
  })}`;
  const again = document.createElement("button");
  again.className = "btn";
  again.style.marginLeft = "8px";
  again.textContent = "Try again";
  again.dataset.testid = "retry-charge";
  again.onclick = retry;
  box.append(text, again);
}
