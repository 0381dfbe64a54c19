/** Callback path, relative to the public base URL (src/api/hooks/mixpay/route.ts). */
export const CALLBACK_PATH = "/hooks/mixpay";

/**
 * Why MixPay would refuse callbacks to this public base URL, or null when it would take them. MixPay calls back
 * over HTTPS only (it answers 10061 to an http callbackUrl); hosts in `allowHttpHosts` are exempt, for a sandbox.
 */
export function callbackBaseProblem(baseUrl: string, allowHttpHosts: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return "must be an absolute URL like https://shop.example.com";
  }
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && allowHttpHosts.includes(url.hostname.toLowerCase())) return null;
  return `MixPay calls back over HTTPS only: use an https:// URL that reaches this server${
    url.protocol === "http:"
      ? ` (or list ${url.hostname} in the plugin's allowHttpCallbackHosts option for a local sandbox)`
      : ""
  }`;
}

/** Where MixPay sends callbacks for this public base URL, or null when there is none MixPay would accept. */
export function callbackUrlFor(baseUrl: string | null | undefined, allowHttpHosts: readonly string[]): string | null {
  if (!baseUrl || callbackBaseProblem(baseUrl, allowHttpHosts)) return null;
  return `${baseUrl.replace(/\/+$/, "")}${CALLBACK_PATH}`;
}
