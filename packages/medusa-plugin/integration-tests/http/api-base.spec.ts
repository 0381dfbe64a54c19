import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ASSET_IDS } from "@mixpay-pos/core";
import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { mixpayIntegrationSuite } from "../helpers";

jest.setTimeout(120_000);

const SECRET = "SECRET-INTERNAL-BANNER";

type Answer = { status: number; type: string; body: string };

/** A stranger's server on 127.0.0.1 (listed by the test config): answers every request with `answer`, counting them. */
async function startStranger(): Promise<{
  url: string;
  hits: () => number;
  answer: (a: Answer) => void;
  close: () => Promise<void>;
}> {
  let current: Answer = { status: 500, type: "text/plain", body: SECRET };
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.writeHead(current.status, { "content-type": current.type });
    res.end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    answer: (a) => {
      current = a;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * The API and checkout bases a merchant may save or try: MixPay's own hosts, or hosts the plugin's allowApiHosts
 * lists (the test config lists 127.0.0.1, where each file's simulator listens). Anything else — loopback by another
 * name, private and link-local addresses, a stranger's host, credentials, other schemes — is a 400 naming the field,
 * nothing is saved and nothing is sent. What a server at the API base answers is summarised, never echoed.
 */
mixpayIntegrationSuite({ configure: false }, (ctx) => {
  const { api } = ctx;
  const noThrow = { validateStatus: () => true };
  const admin = () => ({ ...ctx.shop.adminHeaders, ...noThrow });
  const port = () => new URL(ctx.simulator.url).port;
  const good = () => ({
    payee_id: DEMO_PAYEE_ID,
    settlement_asset_id: ASSET_IDS.USDT_ERC20,
    api_base_url: `${ctx.simulator.url}/v1`,
    checkout_base_url: ctx.simulator.url,
  });
  const simulatorRequests = () => ctx.simulator.simulator.requests().length;
  const savedSettings = async () => (await api.get("/admin/mixpay/settings", admin())).data;

  /** Refused bases and the reason each answer must give; the first ones would reach this file's simulator. */
  const refused = (): [string, RegExp][] => [
    [`http://localhost:${port()}/v1`, /this machine \(localhost\)/],
    [`http://[::ffff:127.0.0.1]:${port()}/v1`, /loopback .*IPv4-mapped/],
    [`http://0.0.0.0:${port()}/v1`, /unspecified/],
    [`http://127.0.0.2:${port()}/v1`, /loopback/],
    ["https://169.254.169.254/latest", /link-local/],
    ["http://localhost:5432", /this machine \(localhost\)/],
    ["https://10.0.0.1", /private address \(10\.0\.0\.0\/8\)/],
    ["https://[fd00::1]", /private address \(fc00::\/7\)/],
    ["https://evil.example.com", /is not MixPay's/],
    ["https://user:pw@api.mixpay.me/v1", /user name or password/],
    ["file:///etc/passwd", /http\(s\) URL/],
  ];

  it("the simulator (a listed host) may be saved; refused bases are a 400 naming the field and nothing is saved or sent", async () => {
    const saved = await api.post("/admin/mixpay/settings", good(), admin());
    expect(saved.status).toBe(200);
    expect(saved.data.settings).toMatchObject({
      api_base_url: `${ctx.simulator.url}/v1`,
      checkout_base_url: ctx.simulator.url,
    });
    const before = await savedSettings();
    const sent = simulatorRequests();

    for (const field of ["api_base_url", "checkout_base_url"] as const) {
      for (const [url, reason] of refused()) {
        const res = await api.post("/admin/mixpay/settings", { ...good(), [field]: url }, admin());
        expect({ field, url, status: res.status }).toEqual({ field, url, status: 400 });
        expect({ field, url, errors: res.data.errors }).toEqual({
          field,
          url,
          errors: [{ field, message: expect.stringMatching(reason) }],
        });
        expect(res.data.message).toContain(field);
      }
    }
    expect(await savedSettings()).toEqual(before);
    expect(simulatorRequests()).toBe(sent);
  });

  it("test connection, the payee lookup and the asset lists refuse such a base with a 400 and send nothing", async () => {
    const sent = simulatorRequests();
    for (const [url, reason] of refused()) {
      const expected = {
        url,
        status: 400,
        errors: [{ field: "api_base_url", message: expect.stringMatching(reason) }],
      };
      const check = await api.post(
        "/admin/mixpay/settings/check",
        { api_base_url: url, payee_id: DEMO_PAYEE_ID, settlement_asset_id: ASSET_IDS.USDT_ERC20 },
        admin(),
      );
      expect({ url, status: check.status, errors: check.data.errors }).toEqual(expected);
      // GET routes: a non-http(s) URL is already refused by the query's validation, with the same field list.
      const viaQuery = expected;
      const lookup = await api.get("/admin/mixpay/payees/7000104111", { ...admin(), params: { api_base_url: url } });
      expect({ url, status: lookup.status, errors: lookup.data.errors }).toEqual(viaQuery);
      const assets = await api.get("/admin/mixpay/assets", {
        ...admin(),
        params: { api_base_url: url, refresh: "true" },
      });
      expect({ url, status: assets.status, errors: assets.data.errors }).toEqual(viaQuery);
      const regions = await api.get("/admin/mixpay/regions", { ...admin(), params: { api_base_url: url } });
      expect({ url, status: regions.status, errors: regions.data.errors }).toEqual(viaQuery);
    }
    expect(simulatorRequests()).toBe(sent);
    expect((await savedSettings()).settings).toBeNull();

    // The simulator's own address (listed) is still asked.
    const check = await api.post("/admin/mixpay/settings/check", { api_base_url: `${ctx.simulator.url}/v1` }, admin());
    expect(check.status).toBe(200);
    expect(check.data).toMatchObject({ ok: true, error: null });
    expect(simulatorRequests()).toBeGreaterThan(sent);
  });

  it("what a server at the API base says never reaches the admin: the answer is summarised in our own words", async () => {
    const stranger = await startStranger();
    const apiBase = `${stranger.url}/v1`;
    const logger = ctx.getContainer().resolve<{ warn: (message: string) => unknown }>("logger");
    const warn = jest.spyOn(logger, "warn");
    try {
      const leaks = (data: unknown) => JSON.stringify(data).includes(SECRET);

      // A 500 with a banner: not MixPay's API.
      stranger.answer({ status: 500, type: "text/plain", body: SECRET });
      const check = await api.post("/admin/mixpay/settings/check", { api_base_url: apiBase }, admin());
      expect(check.status).toBe(200);
      expect(check.data).toMatchObject({
        ok: false,
        settlement_assets: null,
        error: expect.stringMatching(/answered HTTP 500, which is not MixPay's API/),
      });
      expect(leaks(check.data)).toBe(false);
      const save = await api.post("/admin/mixpay/settings", { ...good(), api_base_url: apiBase }, admin());
      // Not MixPay's answer: MixPay unavailable, 503 with Retry-After like every "MixPay down".
      expect({ status: save.status, type: save.data.type }).toEqual({ status: 503, type: "mixpay_unavailable" });
      expect(Number(save.headers["retry-after"])).toBeGreaterThan(0);
      expect(save.data.message).toMatch(/^Not saved: MixPay could not be asked .*answered HTTP 500/);
      expect(leaks(save.data)).toBe(false);
      expect((await savedSettings()).settings).toBeNull();

      // MixPay's envelope with a known code and a message of its own: our description of the code.
      stranger.answer({
        status: 200,
        type: "application/json",
        body: JSON.stringify({ success: false, code: 10007, message: SECRET, data: { payeeId: [SECRET] } }),
      });
      const lookup = await api.get("/admin/mixpay/payees/7000104111", {
        ...admin(),
        params: { api_base_url: apiBase },
      });
      // MixPay answering and refusing: 502, no Retry-After (asking again gives the same answer).
      expect({ status: lookup.status, type: lookup.data.type }).toEqual({ status: 502, type: "mixpay_refused" });
      expect(lookup.headers["retry-after"]).toBeUndefined();
      expect(lookup.data.message).toBe(
        "MixPay could not be asked: MixPay refused the request (code 10007): We can not provide service to you.",
      );
      const assets = await api.get("/admin/mixpay/assets", {
        ...admin(),
        params: { api_base_url: apiBase, refresh: "true" },
      });
      expect(assets.status).toBe(502);
      expect(assets.data.message).toMatch(
        /^MixPay's asset lists could not be loaded: MixPay refused the request \(code 10007\)/,
      );
      expect(leaks(lookup.data) || leaks(assets.data)).toBe(false);

      // An unknown code: only the number.
      stranger.answer({
        status: 400,
        type: "application/json",
        body: JSON.stringify({ success: false, code: 99999, message: SECRET, data: [] }),
      });
      const unknown = await api.post("/admin/mixpay/settings/check", { api_base_url: apiBase }, admin());
      expect(unknown.data.error).toMatch(/MixPay refused the request \(code 99999\)\.$/);
      expect(leaks(unknown.data)).toBe(false);

      // A page that is not JSON at all.
      stranger.answer({ status: 200, type: "text/html", body: `<html><body>${SECRET}</body></html>` });
      const page = await api.get("/admin/mixpay/payees/7000104111", { ...admin(), params: { api_base_url: apiBase } });
      expect({ status: page.status, type: page.data.type }).toEqual({ status: 503, type: "mixpay_unavailable" });
      expect(Number(page.headers["retry-after"])).toBeGreaterThan(0);
      expect(page.data.message).toMatch(/answered HTTP 200, which is not MixPay's API/);
      expect(leaks(page.data)).toBe(false);

      expect(stranger.hits()).toBeGreaterThan(0);
      // The detail is kept for the operator, in the server log.
      expect(warn.mock.calls.some(([message]) => String(message).includes(SECRET))).toBe(true);
    } finally {
      warn.mockRestore();
      await stranger.close();
    }
  });
});
