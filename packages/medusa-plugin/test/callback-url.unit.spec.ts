import { CALLBACK_PATH, callbackBaseProblem, callbackUrlFor } from "../src/lib/callback-url";

describe("callback URL (MixPay calls back over HTTPS only)", () => {
  it("takes an https base and builds the callback URL", () => {
    expect(callbackBaseProblem("https://shop.example.com", [])).toBeNull();
    expect(callbackUrlFor("https://shop.example.com/", [])).toBe(`https://shop.example.com${CALLBACK_PATH}`);
  });

  it("refuses an http base, saying MixPay calls back over HTTPS only", () => {
    const problem = callbackBaseProblem("http://shop.example.com", []);
    expect(problem).toContain("HTTPS only");
    expect(problem).toContain("allowHttpCallbackHosts");
    expect(callbackUrlFor("http://shop.example.com", [])).toBeNull();
  });

  it("lets the hosts listed in allowHttpCallbackHosts use http, and no others", () => {
    expect(callbackBaseProblem("http://localhost:9000", ["localhost"])).toBeNull();
    expect(callbackUrlFor("http://LOCALHOST:9000", ["localhost"])).toBe(`http://LOCALHOST:9000${CALLBACK_PATH}`);
    expect(callbackBaseProblem("http://localhost.evil.example:9000", ["localhost"])).not.toBeNull();
    expect(callbackBaseProblem("http://127.0.0.1:9000", ["localhost"])).not.toBeNull();
  });

  it("refuses what is not a web URL at all", () => {
    expect(callbackBaseProblem("ftp://shop.example.com", ["shop.example.com"])).toContain("HTTPS only");
    expect(callbackBaseProblem("not a url", [])).toContain("absolute URL");
    expect(callbackUrlFor(null, [])).toBeNull();
    expect(callbackUrlFor("", [])).toBeNull();
  });
});
