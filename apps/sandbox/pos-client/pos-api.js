/* The POS page's one way to Medusa: the store API with the publishable key (and the sandbox's POST /pos/carts). */

/**
 * A failed call: `status` is null when Medusa could not be reached; `retryAfterSeconds` from a Retry-After; `type`
 * the plugin's error type (e.g. "sale_state").
 */
export class ApiError extends Error {
  constructor(message, status = null, retryAfterSeconds = null, type = null) {
    super(message);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
    this.type = type;
  }
}

/** A caller bound to the store's publishable key: `call("GET", path)`, JSON in and out, errors as ApiError. */
export function storeApi(publishableKey) {
  const headers = { "content-type": "application/json", "x-publishable-api-key": publishableKey };
  async function call(method, path, body, signal) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(`Medusa is unreachable (${error.message})`);
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) {
      const retryAfter = Number.parseInt(res.headers.get("retry-after") ?? "", 10);
      throw new ApiError(
        data.message || `${method} ${path} answered ${res.status}`,
        res.status,
        Number.isFinite(retryAfter) ? retryAfter : null,
        data.type ?? null,
      );
    }
    return data;
  }
  return { call, headers: { "x-publishable-api-key": publishableKey } };
}
