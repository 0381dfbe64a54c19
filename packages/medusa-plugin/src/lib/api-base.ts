import { MIXPAY_API_BASE, MIXPAY_CHECKOUT_BASE } from "@mixpay-pos/core";

/** Which base URL is judged: MixPay's API (`api_base_url`) or its checkout pages (`checkout_base_url`). */
export type BaseKind = "api" | "checkout";

export interface BaseRule {
  /** The plugin's `allowApiHosts`: `host` (any port) or `host:port`, lower case. */
  allowHosts: readonly string[];
  kind: BaseKind;
}

const MIXPAY_BASES: Record<BaseKind, { url: string; what: string }> = {
  api: { url: MIXPAY_API_BASE, what: "MixPay's API" },
  checkout: { url: MIXPAY_CHECKOUT_BASE, what: "MixPay's checkout pages" },
};

/**
 * Why a merchant-given `api_base_url` / `checkout_base_url` is refused, or null when it may be used. The server
 * sends requests to the API base and sends customers to the checkout base, so only MixPay's own host (https, the
 * standard port) is taken, or a host the operator listed in the plugin's `allowApiHosts` (http allowed: a
 * simulator). Everything else is refused with the reason: a scheme other than http(s), a user name or password in
 * the URL, a query or fragment, a loopback, private, link-local or unspecified address (IPv4-mapped IPv6 forms
 * included), or simply a host that is not MixPay's.
 */
export function apiBaseProblem(baseUrl: string, rule: BaseRule): string | null {
  const mixpay = MIXPAY_BASES[rule.kind];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return `must be an absolute URL like ${mixpay.url}`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `must be an https:// URL (${url.protocol.replace(/:$/, "")}: URLs are refused)`;
  }
  if (url.username || url.password) return "must not contain a user name or password (user:pass@)";
  if (url.search || url.hash) return "must not contain a query (?…) or fragment (#…)";
  if (isListedHost(url, rule.allowHosts)) return null;

  const mixpayHost = new URL(mixpay.url).hostname;
  const host = bareHost(url.hostname);
  const listHint = "list it in the plugin's allowApiHosts option if it is a MixPay simulator you run";
  const address = addressKind(host);
  if (address) return `points at ${address}, which is refused (${listHint})`;
  if (host === mixpayHost) {
    if (url.protocol !== "https:") return `${mixpay.what} is served over https only: use ${mixpay.url}`;
    if (url.port) return `${mixpay.what} is served on the standard https port: leave out :${url.port}`;
    return null;
  }
  return `is not ${mixpay.what} (${mixpayHost}); ${listHint}`;
}

/**
 * What kind of non-public address a host is ("a loopback address (127.0.0.0/8)", …), or null for a public address
 * or a name. Names are not resolved: a name is refused anyway unless it is MixPay's or listed.
 */
export function addressKind(hostname: string): string | null {
  const host = bareHost(hostname);
  if (host === "localhost" || host.endsWith(".localhost")) return "this machine (localhost)";
  const v4 = parseIpv4(host);
  if (v4 !== null) return ipv4Kind(v4);
  const v6 = parseIpv6(host);
  if (v6 === null) return null;
  const [a, b, c, d, e, f, g, h] = v6;
  const embedded = (g << 16) | h;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0 && g === 0 && (h === 0 || h === 1)) {
      return h === 0 ? "the unspecified address (::)" : "a loopback address (::1)";
    }
    // ::ffff:a.b.c.d (IPv4-mapped) and the deprecated ::a.b.c.d (IPv4-compatible) reach the IPv4 address.
    if (f === 0xffff || f === 0) {
      const kind = ipv4Kind(embedded >>> 0);
      return kind ? `${kind}, written as an IPv4-mapped IPv6 address` : null;
    }
  }
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) {
    const kind = ipv4Kind(embedded >>> 0);
    return kind ? `${kind}, written as a NAT64 IPv6 address` : null;
  }
  if ((a & 0xfe00) === 0xfc00) return "a private address (fc00::/7)";
  if ((a & 0xffc0) === 0xfe80) return "a link-local address (fe80::/10)";
  if ((a & 0xffc0) === 0xfec0) return "a site-local address (fec0::/10)";
  return null;
}

function ipv4Kind(ip: number): string | null {
  const inNet = (net: string, bits: number) => {
    const base = parseIpv4(net) ?? 0;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return (ip & mask) >>> 0 === (base & mask) >>> 0;
  };
  if (ip === 0) return "the unspecified address (0.0.0.0)";
  if (inNet("0.0.0.0", 8)) return "an unspecified address (0.0.0.0/8)";
  if (inNet("127.0.0.0", 8)) return "a loopback address (127.0.0.0/8)";
  if (inNet("10.0.0.0", 8)) return "a private address (10.0.0.0/8)";
  if (inNet("172.16.0.0", 12)) return "a private address (172.16.0.0/12)";
  if (inNet("192.168.0.0", 16)) return "a private address (192.168.0.0/16)";
  if (inNet("100.64.0.0", 10)) return "a private address (shared address space 100.64.0.0/10)";
  if (inNet("169.254.0.0", 16)) return "a link-local address (169.254.0.0/16, where cloud metadata services answer)";
  return null;
}

/** A dotted-quad IPv4 address as an unsigned 32-bit number, or null (the URL parser already normalised 0x7f.1 etc). */
function parseIpv4(host: string): number | null {
  const parts = host.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** An IPv6 address as its eight 16-bit groups, or null. Takes `::` compression and a trailing dotted IPv4. */
function parseIpv6(host: string): number[] | null {
  if (!host.includes(":")) return null;
  let text = host;
  const tail: number[] = [];
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (last.includes(".")) {
    const v4 = parseIpv4(last);
    if (v4 === null) return null;
    tail.push(Math.floor(v4 / 65536), v4 % 65536);
    // "::ffff:1.2.3.4" → "::ffff"; "::1.2.3.4" → "::" (the compression stays).
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith("::")) text = text.slice(0, -1);
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const head = groups(halves[0]);
  const rest = groups(halves[1]);
  if (![...head, ...rest].every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const given = head.length + rest.length + tail.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const hex = (g: string) => Number.parseInt(g, 16);
  return [...head.map(hex), ...new Array<number>(8 - given).fill(0), ...rest.map(hex), ...tail];
}

/** Lower case, without IPv6 brackets or a trailing dot. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

/** Whether the URL's host (any port) or host:port (the scheme's default port when none is written) is listed. */
function isListedHost(url: URL, allowHosts: readonly string[]): boolean {
  const host = bareHost(url.hostname);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return allowHosts.some((entry) => {
    const listed = parseHostEntry(entry);
    return listed !== null && listed.host === host && (listed.port === null || listed.port === port);
  });
}

/** An `allowApiHosts` entry (`host`, `host:port`, `[v6]:port`, a bare IPv6) normalised like the URL parser does. */
function parseHostEntry(entry: string): { host: string; port: string | null } | null {
  const text = entry.trim().toLowerCase();
  if (!text) return null;
  let host: string;
  let port: string | null = null;
  const bracketed = /^\[([^\]]+)\](?::([0-9]+))?$/.exec(text);
  if (bracketed) {
    host = `[${bracketed[1]}]`;
    port = bracketed[2] ?? null;
  } else if ((text.match(/:/g) ?? []).length > 1) {
    host = `[${text}]`; // a bare IPv6 address: no port
  } else {
    const [h, p] = text.split(":");
    host = h ?? "";
    port = p ?? null;
  }
  if (port !== null && !/^[0-9]{1,5}$/.test(port)) return null;
  try {
    const normalised = new URL(`http://${host}`);
    return { host: bareHost(normalised.hostname), port: port === null ? null : String(Number(port)) };
  } catch {
    return null;
  }
}

/** Whether two base URLs are the same one (a trailing slash aside). */
export function sameBase(a: string, b: string): boolean {
  return a.trim().replace(/\/+$/, "") === b.trim().replace(/\/+$/, "");
}
