/**
 * MixPay's orderId for a Medusa payment session: 6–36 characters of [A-Za-z0-9_-], unique per payee.
 * The first payment of a session uses the session id itself ("payses_01J…", 33 characters), so MixPay's
 * dashboard shows what Medusa shows. A later payment for the same session (new terms) drops the "payses_"
 * prefix and adds "-<revision>".
 */
const ALLOWED = /[^A-Za-z0-9_-]/g;
const MAX = 36;
const MIN = 6;

export function mixpayOrderIdFor(sessionId: string, revision = 0): string {
  if (!Number.isInteger(revision) || revision < 0)
    throw new RangeError(`revision must be an integer ≥ 0, got ${revision}`);
  const clean = sessionId.replace(ALLOWED, "");
  if (clean.length < MIN)
    throw new RangeError(`a session id needs at least ${MIN} usable characters: ${JSON.stringify(sessionId)}`);
  if (revision === 0 && clean.length <= MAX) return clean;
  const suffix = `-${revision}`;
  const base = clean.replace(/^payses_/, "");
  return `${base.slice(Math.max(0, base.length - (MAX - suffix.length)))}${suffix}`;
}
