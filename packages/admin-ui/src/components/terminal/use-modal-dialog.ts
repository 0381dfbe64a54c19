import { type RefObject, useEffect } from "react";

const FOCUSABLE = 'button:not([disabled]), a[href], select:not([disabled]), input:not([disabled]), [tabindex="0"]';

/**
 * The sale screen as a modal dialog for the keyboard: focus moves into it when it opens, Tab and Shift+Tab cycle
 * inside it, and Esc presses its close button (the element marked `data-dismiss`) when `canClose` says closing is
 * allowed (the engine's canCloseSaleScreen for the sale's phase).
 */
export function useModalDialog(
  ref: RefObject<HTMLElement | null>,
  { open, canClose }: { open: boolean; canClose: boolean },
): void {
  useEffect(() => {
    const dialog = ref.current;
    if (open && dialog && !dialog.contains(document.activeElement)) dialog.focus();
  }, [ref, open]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const dialog = ref.current;
      if (!dialog) return;
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopImmediatePropagation();
        const close = dialog.querySelector<HTMLElement>("[data-dismiss]");
        if (canClose && close) close.click();
        return;
      }
      if (e.key !== "Tab") return;
      const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
      const first = items[0];
      const last = items[items.length - 1];
      const active = document.activeElement;
      const inside = dialog.contains(active);
      if (!first || !last) {
        e.preventDefault();
        dialog.focus();
      } else if (e.shiftKey && (!inside || active === first || active === dialog)) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (!inside || active === last)) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [ref, canClose]);
}
