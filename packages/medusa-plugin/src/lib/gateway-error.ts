import {
  errorCodeInfo,
  MixPayBusyError,
  MixPayError,
  MixPayNetworkError,
  MixPayResponseError,
  MixPayValidationError,
  PayeeNotFoundError,
} from "@mixpay-pos/core";

const NETWORK: Record<MixPayNetworkError["reason"], string> = {
  timeout: "MixPay did not answer in time.",
  connection: "MixPay could not be reached (the connection failed).",
  aborted: "The request to MixPay was given up before it finished (it took too long).",
};

/**
 * A short sentence for the admin about a failed call to MixPay (or to whatever answers at the API base), made only
 * of our own words, the error's class, MixPay's numeric code and the HTTP status: text sent by MixPay or by a
 * stranger's server never reaches the admin (it goes to the server log: {@link gatewayErrorDetail}).
 *
 * - MixPayError: our description of the code (`errorCodeInfo`), else "MixPay refused the request (code N)".
 * - MixPayNetworkError: a fixed sentence per reason (timeout, connection, aborted).
 * - MixPayResponseError: "answered HTTP N, which is not MixPay's API".
 * - PayeeNotFoundError, MixPayValidationError: their message, which core writes from the admin's own input.
 * - Anything else: a generic sentence.
 */
export function summariseGatewayError(error: unknown): string {
  if (error instanceof MixPayError) {
    const code = Number.isSafeInteger(error.code) ? error.code : null;
    if (code === null) return "MixPay refused the request.";
    const known = errorCodeInfo(code);
    return known
      ? `MixPay refused the request (code ${code}): ${known.message}`
      : `MixPay refused the request (code ${code}).`;
  }
  if (error instanceof MixPayNetworkError) return NETWORK[error.reason] ?? NETWORK.connection;
  if (error instanceof MixPayResponseError) {
    const status = Number.isSafeInteger(error.httpStatus) ? error.httpStatus : 0;
    return `The server at the API base answered HTTP ${status}, which is not MixPay's API.`;
  }
  if (error instanceof PayeeNotFoundError || error instanceof MixPayValidationError) return error.message;
  if (error instanceof MixPayBusyError) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return `This shop's share of MixPay's 60 requests a minute is used up; try again in ${seconds} s.`;
  }
  return "MixPay could not be asked (an unexpected error; see the server log).";
}

/** The full story of a failed MixPay call, for the server log only (it may hold MixPay's or a stranger's text). */
export function gatewayErrorDetail(error: unknown): string {
  if (error instanceof MixPayResponseError) {
    return oneLine(`${error.name}: ${error.message}; body: ${JSON.stringify(error.body.slice(0, 500))}`);
  }
  if (error instanceof MixPayError) return oneLine(`${error.name} (HTTP ${error.httpStatus}): ${error.message}`);
  if (error instanceof Error) {
    const cause = "cause" in error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return oneLine(`${error.name}: ${error.message}${cause}`);
  }
  return oneLine(String(error));
}

/** Control characters (a stranger's newlines) as spaces, so a log line stays one line. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point.
  return text.replace(/[\u0000-\u001f\u007f]+/g, " ");
}
