import { type KeypadKey, keyFromKeyboard } from "@mixpay-pos/sale-engine";
import { useEffect } from "react";

/**
 * The keyboard drives the keypad: digits, dot or comma, Backspace, Escape/Delete to clear, Enter to charge. Keys
 * typed into a form field, and Enter on a focused button (which presses that button), are left alone.
 */
export function useHardwareKeys(press: (key: KeypadKey) => void, charge: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName)) return;
      if (e.key === "Enter") {
        if (target?.tagName === "BUTTON") return;
        charge();
        return;
      }
      const key = keyFromKeyboard(e.key);
      if (key) {
        e.preventDefault();
        press(key);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [charge, press]);
}
