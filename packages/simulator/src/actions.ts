import { FAILURE_REASONS, positiveAmountSchema, uuidSchema } from "@mixpay-pos/protocol";
import { z } from "zod";

/** What a test (or the checkout page) can make happen to a payment. */
export const CONTROL_ACTIONS = [
  "pay",
  "underpay",
  "overpay",
  "fail",
  "expire",
  "audit",
  "confirm",
  "process",
  "settle",
  "refund-surplus",
] as const;
export type ControlActionName = (typeof CONTROL_ACTIONS)[number];

export interface ControlAction {
  action: ControlActionName;
  /** underpay/overpay: the amount paid, a decimal string in the payment asset. */
  amount?: string;
  /** pay/underpay/overpay/audit: the payment asset (default: the payment's preselected asset, else the first listed). */
  assetId?: string;
  /** fail: one of the failure codes protocol lists (FAILURE_REASONS), e.g. 40032 cancelled, 10095 review rejected; default 40024. */
  failureCode?: string;
  /** pay/overpay: the transaction waits for confirmations (`confirming`; `pending` in the legacy lifecycle) until `confirm`. */
  hold?: boolean;
}

/** A control request that can't be applied: HTTP status 400 (bad input), 404 (unknown payment) or 409 (wrong state). */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ControlError";
  }
}

const failureCodeSchema = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((code) => code in FAILURE_REASONS, {
    message: `must be one of ${Object.keys(FAILURE_REASONS).join(", ")}`,
  });

export const controlActionSchema = z.strictObject({
  action: z.enum(CONTROL_ACTIONS, { message: `must be one of ${CONTROL_ACTIONS.join(", ")}` }),
  amount: positiveAmountSchema.optional(),
  assetId: uuidSchema.optional(),
  failureCode: failureCodeSchema.optional(),
  hold: z.boolean().optional(),
});

/** Validates a control action; throws ControlError 400 naming the first bad field. */
export function parseControlAction(input: unknown): ControlAction {
  const parsed = controlActionSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      const key = issue.keys[0] ?? "";
      throw new ControlError(400, `${key}: unknown field (allowed: action, amount, assetId, failureCode, hold)`, key);
    }
    const field = typeof issue?.path[0] === "string" ? issue.path[0] : "body";
    throw new ControlError(400, `${field}: ${issue?.message ?? "invalid"}`, field);
  }
  const { action, amount, assetId, failureCode, hold } = parsed.data;
  const out: ControlAction = { action };
  if (amount !== undefined) out.amount = amount;
  if (assetId !== undefined) out.assetId = assetId;
  if (failureCode !== undefined) out.failureCode = failureCode;
  if (hold !== undefined) out.hold = hold;
  const allowed: Record<keyof Omit<ControlAction, "action">, readonly ControlActionName[]> = {
    amount: ["underpay", "overpay"],
    assetId: ["pay", "underpay", "overpay", "audit"],
    failureCode: ["fail"],
    hold: ["pay", "overpay"],
  };
  for (const key of ["amount", "assetId", "failureCode", "hold"] as const) {
    if (out[key] !== undefined && !allowed[key].includes(action)) {
      throw new ControlError(400, `${key}: only applies to ${allowed[key].join(", ")} (not ${action})`, key);
    }
  }
  return out;
}
