import { type HttpHandler, HttpResponse, http } from "msw";
import type { Simulator } from "./simulator.js";

/**
 * msw handlers over the same simulator: `https://api.mixpay.me/v1/*` (and /_control) and the checkout pages on
 * `https://mixpay.me` (/pay, /code/{code}, /pay-action/{traceId}). "down" becomes a network error.
 *
 *   const sim = createSimulator();
 *   const server = setupServer(...createMswHandlers(sim));
 */
export interface MswHandlerOptions {
  /** Default "https://api.mixpay.me". */
  apiOrigin?: string;
  /** Default "https://mixpay.me". */
  checkoutOrigin?: string;
}

const isApiPath = (p: string) => p === "/v1" || p.startsWith("/v1/") || p === "/_control" || p.startsWith("/_control/");
const isCheckoutPath = (p: string) => p === "/pay" || p.startsWith("/code/") || p.startsWith("/pay-action/");

export function createMswHandlers(sim: Simulator, opts: MswHandlerOptions = {}): HttpHandler[] {
  const apiOrigin = new URL(opts.apiOrigin ?? "https://api.mixpay.me").origin;
  const checkoutOrigin = new URL(opts.checkoutOrigin ?? "https://mixpay.me").origin;
  sim.setCheckoutBaseUrl(checkoutOrigin);

  const forward = async (request: Request, allowed: (path: string) => boolean): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (!allowed(path)) {
      return HttpResponse.json({ message: "The address you visited does not exist." }, { status: 404 });
    }
    const clientKey = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "msw";
    const response = await sim.handle(request, { clientKey });
    return response.type === "error" ? HttpResponse.error() : response;
  };

  if (apiOrigin === checkoutOrigin) {
    return [http.all(`${apiOrigin}/*`, ({ request }) => forward(request, (p) => isApiPath(p) || isCheckoutPath(p)))];
  }
  return [
    http.all(`${apiOrigin}/*`, ({ request }) => forward(request, isApiPath)),
    http.all(`${checkoutOrigin}/*`, ({ request }) => forward(request, isCheckoutPath)),
  ];
}
