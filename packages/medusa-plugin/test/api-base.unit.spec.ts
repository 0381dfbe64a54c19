import { MIXPAY_API_BASE, MIXPAY_CHECKOUT_BASE } from "@mixpay-pos/core";
import { addressKind, apiBaseProblem, sameBase } from "../src/lib/api-base";

const api = (url: string, allowHosts: string[] = []) => apiBaseProblem(url, { allowHosts, kind: "api" });
const checkout = (url: string, allowHosts: string[] = []) => apiBaseProblem(url, { allowHosts, kind: "checkout" });

describe("API and checkout base URLs (MixPay's hosts, or hosts the operator listed)", () => {
  it("takes MixPay's own bases, over https on the standard port only", () => {
    expect(api(MIXPAY_API_BASE)).toBeNull();
    expect(api("https://API.mixpay.me/v1/")).toBeNull();
    expect(api("https://api.mixpay.me:443/v1")).toBeNull();
    expect(checkout(MIXPAY_CHECKOUT_BASE)).toBeNull();
    expect(api("http://api.mixpay.me/v1")).toMatch(/https only: use https:\/\/api\.mixpay\.me\/v1/);
    expect(api("https://api.mixpay.me:8443/v1")).toMatch(/standard https port/);
    // Each kind has its own host.
    expect(api("https://mixpay.me")).toMatch(/is not MixPay's API \(api\.mixpay\.me\)/);
    expect(checkout("https://api.mixpay.me/v1")).toMatch(/is not MixPay's checkout pages \(mixpay\.me\)/);
  });

  it("refuses any other host, naming MixPay's and the option that lists others", () => {
    for (const url of [
      "https://evil.example.com",
      "https://api.mixpay.me.evil.example.com/v1",
      "https://mixpay.me.evil.example",
    ]) {
      expect(api(url)).toMatch(/is not MixPay's API .*allowApiHosts/);
    }
    expect(checkout("https://evil.example.com")).toMatch(/allowApiHosts/);
  });

  it("takes a listed host at any port, or a listed host:port at that port only, over http too", () => {
    expect(api("http://127.0.0.1:4010/v1", ["127.0.0.1"])).toBeNull();
    expect(api("http://127.0.0.1:9999/v1", ["127.0.0.1"])).toBeNull();
    expect(api("http://localhost:4010/v1", ["localhost:4010"])).toBeNull();
    expect(api("http://localhost:4011/v1", ["localhost:4010"])).toMatch(/this machine/);
    expect(api("https://sim.example.test/v1", ["sim.example.test:443"])).toBeNull();
    expect(api("http://sim.example.test/v1", ["sim.example.test:443"])).toMatch(/is not MixPay's API/);
    expect(api("http://[::1]:4010/v1", ["[::1]:4010"])).toBeNull();
    expect(api("http://[::1]:4010/v1", ["::1"])).toBeNull();
    expect(api("http://[0:0::1]:4010/v1", ["::1"])).toBeNull();
    // Listing 127.0.0.1 lists that address only: other loopback forms are still refused.
    expect(api("http://127.0.0.2:4010/v1", ["127.0.0.1"])).toMatch(/loopback/);
    expect(api("http://localhost:4010/v1", ["127.0.0.1"])).toMatch(/this machine/);
    // The URL parser's normalisation is applied to both sides (2130706433 is 127.0.0.1).
    expect(api("http://2130706433:4010/v1", ["127.0.0.1"])).toBeNull();
    expect(api("http://127.0.0.1:4010/v1", ["2130706433"])).toBeNull();
  });

  it("refuses loopback, private, link-local and unspecified addresses, saying which", () => {
    const cases: [string, RegExp][] = [
      ["https://169.254.169.254/latest", /link-local address \(169\.254\.0\.0\/16/],
      ["http://localhost:5432", /this machine \(localhost\)/],
      ["http://app.localhost", /this machine/],
      ["http://localhost.:5432", /this machine/],
      ["https://127.0.0.1/v1", /loopback address \(127\.0\.0\.0\/8\)/],
      ["https://127.1/v1", /loopback/],
      ["https://0x7f000001/v1", /loopback/],
      ["https://10.0.0.1", /private address \(10\.0\.0\.0\/8\)/],
      ["https://172.16.5.4", /private address \(172\.16\.0\.0\/12\)/],
      ["https://172.31.255.255", /private address \(172\.16\.0\.0\/12\)/],
      ["https://192.168.1.1", /private address \(192\.168\.0\.0\/16\)/],
      ["https://100.64.0.1", /100\.64\.0\.0\/10/],
      ["https://100.127.255.255", /100\.64\.0\.0\/10/],
      ["https://0.0.0.0", /unspecified address \(0\.0\.0\.0\)/],
      ["https://0.1.2.3", /unspecified/],
      ["https://[::]", /unspecified address \(::\)/],
      ["https://[::1]/v1", /loopback address \(::1\)/],
      ["https://[fc00::1]", /private address \(fc00::\/7\)/],
      ["https://[fd12:3456::1]", /private address \(fc00::\/7\)/],
      ["https://[fe80::1]", /link-local address \(fe80::\/10\)/],
      ["https://[febf::1]", /link-local/],
      ["https://[::ffff:127.0.0.1]", /loopback address \(127\.0\.0\.0\/8\), written as an IPv4-mapped/],
      ["https://[::ffff:169.254.169.254]", /link-local.*IPv4-mapped/],
      ["https://[::ffff:a9fe:a9fe]", /link-local.*IPv4-mapped/],
      ["https://[::ffff:10.1.2.3]", /private.*IPv4-mapped/],
      ["https://[::ffff:0.0.0.0]", /unspecified.*IPv4-mapped/],
      ["https://[::127.0.0.1]", /loopback.*IPv4-mapped/],
      ["https://[64:ff9b::a9fe:a9fe]", /link-local.*NAT64/],
    ];
    for (const [url, reason] of cases) {
      expect({ url, problem: api(url) }).toEqual({ url, problem: expect.stringMatching(reason) });
      expect({ url, problem: checkout(url) }).toEqual({ url, problem: expect.stringMatching(reason) });
    }
  });

  it("refuses credentials, queries, fragments and schemes other than http(s), even for MixPay's host", () => {
    expect(api("https://user:pw@api.mixpay.me/v1")).toMatch(/user name or password/);
    expect(api("https://user@api.mixpay.me/v1")).toMatch(/user name or password/);
    expect(api("http://user:pw@127.0.0.1:4010/v1", ["127.0.0.1"])).toMatch(/user name or password/);
    expect(api("https://api.mixpay.me/v1?x=1")).toMatch(/query/);
    expect(api("https://api.mixpay.me/v1#@evil.example.com")).toMatch(/fragment/);
    expect(api("file:///etc/passwd")).toMatch(/https:\/\/ URL \(file: URLs are refused\)/);
    expect(api("ftp://api.mixpay.me/v1", ["api.mixpay.me"])).toMatch(/ftp: URLs are refused/);
    expect(checkout("javascript:alert(1)")).toMatch(/javascript: URLs are refused/);
    expect(api("gopher://127.0.0.1:6379/_", ["127.0.0.1"])).toMatch(/gopher: URLs are refused/);
    expect(api("not a url")).toMatch(/absolute URL like https:\/\/api\.mixpay\.me\/v1/);
    expect(checkout("")).toMatch(/absolute URL like https:\/\/mixpay\.me/);
  });

  it("public addresses are not classed as private (they are refused only as not MixPay's)", () => {
    for (const host of [
      "8.8.8.8",
      "172.32.0.1",
      "172.15.255.255",
      "100.128.0.1",
      "169.253.1.1",
      "[2001:db8::1]",
      "api.mixpay.me",
    ]) {
      expect({ host, kind: addressKind(host) }).toEqual({ host, kind: null });
    }
    expect(api("https://8.8.8.8/v1")).toMatch(/is not MixPay's API/);
  });

  it("compares bases without their trailing slashes", () => {
    expect(sameBase("http://127.0.0.1:4010/v1/", "http://127.0.0.1:4010/v1")).toBe(true);
    expect(sameBase("http://127.0.0.1:4010/v1", "http://127.0.0.1:4011/v1")).toBe(false);
  });
});
