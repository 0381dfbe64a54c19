import { ERROR_CODES, RATE_LIMIT_HEADERS } from "@mixpay-pos/protocol";
import { handleApi } from "./api-routes.js";
import { handleCheckout } from "./checkout-routes.js";
import type { SimContext } from "./context.js";
import { handleControl } from "./control-routes.js";
import { apiError, controlJson, errorResponse } from "./envelope.js";
import type { SlidingWindowRateLimiter } from "./rate-limit.js";
import { readParams } from "./request-body.js";

/**
 * Routing of one Fetch API request: /v1 (MixPay's API, behind faults and the rate limit), /_control (tests),
 * /pay, /code/{code}, /pay-action/{traceId} (checkout). Both adapters (node:http and msw) call this.
 */

const CORS_HEADERS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-headers": "content-type",
  "access-control-allow-methods": "GET, POST, OPTIONS",
  "access-control-expose-headers": `${RATE_LIMIT_HEADERS.limit}, ${RATE_LIMIT_HEADERS.remaining}`,
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleRequest(
  request: Request,
  clientKey: string,
  ctx: SimContext,
  limiter: SlidingWindowRateLimiter,
): Promise<Response> {
  const url = new URL(request.url);
  const path = url.pathname.replace(/\/{2,}/g, "/");
  ctx.store.expireDue();
  try {
    if (path === "/_control" || path.startsWith("/_control/")) return await handleControl(request, path, ctx);
    if (path === "/v1" || path.startsWith("/v1/")) return await recordedV1(request, path, clientKey, ctx, limiter);
    const page = await handleCheckout(request, path, ctx);
    if (page) return page;
    if (path === "/" && request.method === "GET") {
      const base = ctx.checkoutBaseUrl().replace(/\/+$/, "");
      return controlJson({
        name: "MixPay simulator",
        api: `${base}/v1`,
        checkout: `${base}/pay?payeeId=…`,
        control: `${base}/_control`,
      });
    }
    return notFound(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return errorResponse(
      apiError(ERROR_CODES.SERVER_ERROR, [], `Simulator error: ${message}`),
      ctx.behaviour(),
      ctx.clock.now(),
    );
  }
}

function notFound(ctx: SimContext): Response {
  return errorResponse(
    apiError(ERROR_CODES.NOT_FOUND, [], "The address you visited does not exist."),
    { ...ctx.behaviour(), errorHttpStatus: "mirror" },
    ctx.clock.now(),
  );
}

/** Answers a /v1 request and adds it to the request log (CORS preflights are not API calls and are left out). */
async function recordedV1(
  request: Request,
  path: string,
  clientKey: string,
  ctx: SimContext,
  limiter: SlidingWindowRateLimiter,
): Promise<Response> {
  if (request.method.toUpperCase() === "OPTIONS") return handleV1(request, path, clientKey, ctx, limiter);
  const atMs = ctx.clock.now();
  const traceId = await traceIdOf(request.clone());
  const response = await handleV1(request, path, clientKey, ctx, limiter);
  ctx.requests.record({
    at: new Date(atMs).toISOString(),
    atMs,
    method: request.method.toUpperCase(),
    path,
    traceId,
    code: await envelopeCodeOf(response),
  });
  return response;
}

async function traceIdOf(request: Request): Promise<string | null> {
  const read = await readParams(request);
  const value = read.ok ? read.params["traceId"] : undefined;
  return typeof value === "string" ? value.trim().toLowerCase() : null;
}

async function envelopeCodeOf(response: Response): Promise<number | null> {
  if (response.type === "error") return null;
  try {
    const body: unknown = await response.clone().json();
    const code = typeof body === "object" && body !== null && "code" in body ? body.code : undefined;
    return typeof code === "number" ? code : null;
  } catch {
    return null;
  }
}

async function handleV1(
  request: Request,
  path: string,
  clientKey: string,
  ctx: SimContext,
  limiter: SlidingWindowRateLimiter,
): Promise<Response> {
  const faults = ctx.faults();
  // "down": no HTTP answer at all. Adapters turn this into a destroyed socket / msw network error.
  if (faults.down) return Response.error();
  if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);

  const behaviour = ctx.behaviour();
  const limit = behaviour.rateLimitPerMinute;
  const now = ctx.clock.now();
  let remaining: number | undefined;
  let response: Response;
  if (faults.rateLimited) {
    remaining = 0;
    response = errorResponse(apiError(ERROR_CODES.RATE_LIMITED), behaviour, now);
  } else {
    const decision = limit === false ? undefined : limiter.check(clientKey, limit, now);
    remaining = decision?.remaining;
    if (decision && !decision.allowed) {
      response = errorResponse(apiError(ERROR_CODES.RATE_LIMITED), behaviour, now);
    } else if (faults.errorCode !== null) {
      response = errorResponse(apiError(faults.errorCode), behaviour, now);
    } else {
      response = await handleApi(request, path, ctx);
    }
  }
  for (const [key, value] of Object.entries(CORS_HEADERS)) response.headers.set(key, value);
  if (limit !== false) {
    response.headers.set(RATE_LIMIT_HEADERS.limit, String(limit));
    response.headers.set(RATE_LIMIT_HEADERS.remaining, String(remaining ?? 0));
  }
  return response;
}
