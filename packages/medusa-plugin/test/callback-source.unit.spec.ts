import { callerAddress, isAllowedCallbackSource, normaliseIp } from "../src/lib/callback-source";

const MIXPAY = "52.198.117.57";

describe("callback source: who sent a callback", () => {
  it("normalises IPv4-mapped IPv6, brackets, zones and case", () => {
    expect(normaliseIp("::ffff:52.198.117.57")).toBe(MIXPAY);
    expect(normaliseIp("[FE80::1%eth0]")).toBe("fe80::1");
    expect(normaliseIp(" 10.0.0.1 ")).toBe("10.0.0.1");
  });

  it("without trusted proxies, x-forwarded-for is ignored (anyone can send it)", () => {
    expect(callerAddress("::ffff:203.0.113.9", MIXPAY, 0)).toBe("203.0.113.9");
    expect(isAllowedCallbackSource(callerAddress("203.0.113.9", MIXPAY, 0), [MIXPAY])).toBe(false);
  });

  it("behind one proxy, the address the proxy appended is the caller's, not what the caller wrote before it", () => {
    // The stranger sends "x-forwarded-for: 52.198.117.57"; the proxy appends the stranger's real address.
    expect(callerAddress("10.0.0.2", `${MIXPAY}, 203.0.113.9`, 1)).toBe("203.0.113.9");
    expect(callerAddress("10.0.0.2", MIXPAY, 1)).toBe(MIXPAY);
    expect(callerAddress("10.0.0.2", ["198.51.100.1", `${MIXPAY}`], 1)).toBe(MIXPAY);
  });

  it("behind two proxies, two hops from the right", () => {
    expect(callerAddress("10.0.0.3", `203.0.113.9, ${MIXPAY}, 10.0.0.2`, 2)).toBe(MIXPAY);
  });

  it("a chain shorter than the trusted hops gives its leftmost entry", () => {
    expect(callerAddress("10.0.0.2", undefined, 2)).toBe("10.0.0.2");
    expect(callerAddress(undefined, undefined, 1)).toBeNull();
  });

  it("an empty allowlist allows everyone; a set one only its addresses", () => {
    expect(isAllowedCallbackSource("203.0.113.9", [])).toBe(true);
    expect(isAllowedCallbackSource(null, [])).toBe(true);
    expect(isAllowedCallbackSource(null, [MIXPAY])).toBe(false);
    expect(isAllowedCallbackSource(`::ffff:${MIXPAY}`, [MIXPAY])).toBe(true);
    expect(isAllowedCallbackSource("52.198.117.58", [MIXPAY])).toBe(false);
  });
});
