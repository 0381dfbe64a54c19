/**
 * What a failed Charge says to the cashier, in plain words, on both tills: never a stack trace, a URL or a 5xx's
 * internal message. MixPay busy (503, 429) says when to try again; a field the server named keeps its sentence; a
 * 4xx keeps the server's sentence (the plugin words its refusals for cashiers); the rest says the payment was not
 * started and what to do.
 */
export interface ChargeFailure {
  /** HTTP status when the server answered; null when it could not be reached. */
  status: number | null;
  /** Whole seconds from the answer's Retry-After, when it had one. */
  retryAfterSeconds?: number | null;
  /** The server's sentence about one field the cashier set (amount, region), when it named one. */
  fieldMessage?: string | null;
  /** The server's own sentence (kept only for a 4xx answer). */
  message?: string | null;
}

export const CREATING_PAYMENT_TEXT = "Creating payment…";

export function chargeErrorText(failure: ChargeFailure): string {
  if (failure.status === 503 || failure.status === 429) {
    const wait = failure.retryAfterSeconds ? `in ${failure.retryAfterSeconds} seconds` : "in a few seconds";
    return `MixPay is busy, try again ${wait}.`;
  }
  if (failure.fieldMessage) return failure.fieldMessage;
  if (failure.status === null) return "The server could not be reached. Check the connection, then try again.";
  if (failure.status >= 400 && failure.status < 500) {
    return failure.message?.trim()
      ? failure.message.trim()
      : "The payment was not started: the sale was refused. Check the amount and the region, then try again.";
  }
  return "The payment was not started because of a problem on the server. Try again in a few seconds.";
}
