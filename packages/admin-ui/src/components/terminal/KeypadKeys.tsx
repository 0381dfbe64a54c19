import { Button } from "@medusajs/ui";
import { CREATING_PAYMENT_TEXT, formatAmount, KEYPAD_KEYS, type KeypadKey } from "@mixpay-pos/sale-engine";

/*
 * Sizes that matter on a till are inline styles: the dashboard's Tailwind build only contains the classes its own
 * sources use, and this package's classes are not scanned.
 */
const KEY_STYLE = { width: "100%", height: 64, fontSize: 24 } as const;
/** Charge (with the total on it) sticks to the bottom of the screen when the keypad is taller than a phone's. */
const CHARGE_STYLE = { ...KEY_STYLE, fontSize: 20, position: "sticky", bottom: 8, zIndex: 1 } as const;

const KEY_LABEL: Record<KeypadKey, string> = {
  "0": "0",
  "1": "1",
  "2": "2",
  "3": "3",
  "4": "4",
  "5": "5",
  "6": "6",
  "7": "7",
  "8": "8",
  "9": "9",
  "00": "00",
  ".": ".",
  backspace: "⌫",
  clear: "C",
};
const KEY_TESTID: Record<KeypadKey, string> = {
  ...KEY_LABEL,
  ".": "dot",
  backspace: "backspace",
  clear: "clear",
};

/** The keypad's buttons: digits, dot (not for a currency without decimals), Clear, delete, and Charge. */
export function KeypadKeys({
  decimals,
  currency,
  amount,
  creating,
  onPress,
  onCharge,
}: {
  decimals: number;
  currency: string;
  amount: string | null;
  creating: boolean;
  onPress: (key: KeypadKey) => void;
  onCharge: () => void;
}) {
  return (
    <div className="grid grid-cols-3 gap-2">
      {KEYPAD_KEYS.filter((k) => k !== "clear" && k !== "backspace").map((k) => (
        <Button
          key={k}
          type="button"
          variant="secondary"
          size="xlarge"
          style={KEY_STYLE}
          data-testid={`mixpay-keypad-key-${KEY_TESTID[k]}`}
          disabled={k === "." && decimals === 0}
          aria-label={k === "." ? "Decimal point" : undefined}
          onClick={() => onPress(k)}
        >
          {KEY_LABEL[k]}
        </Button>
      ))}
      <Button
        type="button"
        variant="secondary"
        size="xlarge"
        style={{ ...KEY_STYLE, fontSize: 20 }}
        data-testid="mixpay-keypad-key-clear"
        onClick={() => onPress("clear")}
      >
        Clear
      </Button>
      <Button
        type="button"
        variant="secondary"
        size="xlarge"
        style={KEY_STYLE}
        data-testid="mixpay-keypad-key-backspace"
        aria-label="Delete last digit"
        onClick={() => onPress("backspace")}
      >
        {KEY_LABEL.backspace}
      </Button>
      <Button
        type="button"
        size="xlarge"
        style={CHARGE_STYLE}
        data-testid="mixpay-terminal-charge"
        disabled={!amount || creating}
        aria-busy={creating}
        onClick={onCharge}
      >
        {creating ? CREATING_PAYMENT_TEXT : amount ? `Charge ${formatAmount(amount, currency)}` : "Charge"}
      </Button>
    </div>
  );
}
