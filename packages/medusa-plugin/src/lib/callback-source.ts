/**
 * Where a callback came from, and whether that is MixPay. MixPay's callbacks are unsigned; its docs publish the one
 * address they come from, so a shop may list it (the `callbackSourceIps` option) and refuse the rest before they
 * cost anything. Behind reverse proxies the connection's address is the last proxy's: `x-forwarded-for` is read
 * only when `trustedProxyHops` says how many proxies append to it, since anyone can send that header.
 */

/** "::ffff:1.2.3.4" → "1.2.3.4"; lower-case IPv6; strips a zone and surrounding brackets. */
export function normaliseIp(ip: string): string {
  let value = ip.trim().toLowerCase();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  value = value.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  return mapped?.[1] ?? value;
}

/**
 * The caller's address: the connection's, or — with `trustedProxyHops` = N > 0 — the address the outermost trusted
 * proxy saw, which is the N-th entry from the right of `x-forwarded-for` plus the connection (each proxy appends the
 * address it got the request from). A chain shorter than that did not come through every proxy: its leftmost entry.
 */
export function callerAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxyHops: number,
): string | null {
  const socket = remoteAddress ? normaliseIp(remoteAddress) : null;
  if (trustedProxyHops <= 0) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  const chain = [
    ...header
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map(normaliseIp),
    ...(socket ? [socket] : []),
  ];
  if (chain.length === 0) return null;
  return chain[Math.max(0, chain.length - 1 - trustedProxyHops)] ?? null;
}

/** True when no allowlist is set, or the caller's address is on it. */
export function isAllowedCallbackSource(address: string | null, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  if (!address) return false;
  const caller = normaliseIp(address);
  return allowlist.some((ip) => normaliseIp(ip) === caller);
}
