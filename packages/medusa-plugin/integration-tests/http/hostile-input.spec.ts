import { DEMO_PAYEE_ID } from "@mixpay-pos/simulator";
import { mixpayIntegrationSuite, mixpayService, startSale } from "../helpers";

jest.setTimeout(180_000);

/**
 * Malformed and hostile input on every public route: each answer is a clear 4xx (or MixPay's harmless
 * {"code":"SUCCESS"} for a callback naming nothing of ours), the server keeps serving, and nothing is written.
 */

const HUGE = "x".repeat(200_000);
const NASTY_STRINGS = [
  "",
  " ",
  HUGE,
  "'; drop table mixpay_payment; --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "\u0000\u0001\u0002",
  "%00%27%22",
  "😀".repeat(1000),
  "0b3c6fd8-7a54-4b53-9a77-2f34f1a3c0de", // a well-formed but foreign uuid
];
const NASTY_VALUES: unknown[] = [
  ...NASTY_STRINGS,
  null,
  true,
  -1,
  1e308,
  Number.NaN,
  [],
  [1, 2, 3],
  {},
  { $ne: null },
  { __proto__: { polluted: true } },
];

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(rand: () => number, values: readonly T[]): T {
  return values[Math.floor(rand() * values.length)] as T;
}

/** Bodies built from the route's own field names with hostile values, plus random junk objects. */
function hostileBodies(fields: string[], count: number, seed: number): unknown[] {
  const rand = prng(seed);
  const bodies: unknown[] = [...NASTY_VALUES];
  for (let i = 0; i < count; i++) {
    const body: Record<string, unknown> = {};
    for (const field of fields) if (rand() < 0.7) body[field] = pick(rand, NASTY_VALUES);
    if (rand() < 0.3) body[pick(rand, ["extra", "__proto__", "constructor", "payee", "id"])] = pick(rand, NASTY_VALUES);
    bodies.push(body);
  }
  return bodies;
}

mixpayIntegrationSuite({ configure: true }, (ctx) => {
  const { api, getContainer } = ctx;
  const noThrow = { validateStatus: () => true, maxBodyLength: Number.POSITIVE_INFINITY };

  async function counts() {
    const service = mixpayService(getContainer());
    const [payments] = await service.listAndCountMixpayPayments({});
    const [, settings] = await service.listAndCountMixpaySettings({});
    return {
      payments: payments.map((p) => `${p.trace_id}:${p.status}:${p.updated_at}`).sort(),
      settings,
      settingsRow: JSON.stringify((await service.getSettings()) ?? null),
    };
  }

  /** Any value as a JSON request body, exactly as a client would send it (axios refuses bare numbers). */
  function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    return api.post(path, JSON.stringify(body) ?? "null", {
      ...noThrow,
      headers: { ...headers, "content-type": "application/json" },
      transformRequest: [(data: string) => data],
    });
  }

  async function stillServing() {
    const health = await api.get("/health", noThrow);
    expect(health.status).toBe(200);
  }

  it("the MixPay callback route: hostile bodies are refused or ignored, nothing changes", async () => {
    const sale = await startSale(getContainer(), api, ctx.shop);
    const before = await counts();
    const bodies = hostileBodies(["orderId", "traceId", "payeeId"], 120, 7);
    // Also: a real trace id with hostile company, and non-JSON content types.
    bodies.push({ traceId: sale.traceId, payeeId: "<b>x</b>", orderId: HUGE });
    for (const body of bodies) {
      const res = await postJson("/hooks/mixpay", body);
      expect([200, 400, 413]).toContain(res.status);
      if (res.status === 200) expect(res.data).toEqual({ code: "SUCCESS" });
      // 400: ours ({code: "FAIL", message}) or Medusa's JSON parser refusing a non-object body ({type, message}).
      else if (res.status === 400) expect(res.data.message).toEqual(expect.stringMatching(/\S/));
      else expect(res.data.message).toBe("request entity too large"); // Medusa's body limit
    }
    const text = await api.post("/hooks/mixpay", "not json at all", {
      ...noThrow,
      headers: { "content-type": "text/plain" },
    });
    expect(text.status).toBeLessThan(500);
    const form = await api.post("/hooks/mixpay", "traceId=%27%3B--", {
      ...noThrow,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBeLessThan(500);
    const broken = await api.post("/hooks/mixpay", '{"traceId": ', {
      ...noThrow,
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);

    await stillServing();
    const after = await counts();
    // The real trace may have been re-checked (it is still unpaid); nothing else exists or changed status.
    expect(after.payments.map((p) => p.split(":").slice(0, 2).join(":"))).toEqual(
      before.payments.map((p) => p.split(":").slice(0, 2).join(":")),
    );
    expect(after.settingsRow).toBe(before.settingsRow);
  });

  it("the store status route: hostile trace ids are a 4xx and write nothing", async () => {
    await startSale(getContainer(), api, ctx.shop);
    const before = await counts();
    for (const id of [
      ...NASTY_STRINGS.filter((s) => s.length < 5000),
      "%2e%2e%2f",
      "a".repeat(5000),
      "null",
      "undefined",
    ]) {
      const res = await api.get(`/store/mixpay/payments/${encodeURIComponent(id)}`, {
        ...ctx.shop.storeHeaders,
        ...noThrow,
      });
      expect({ id, status: [400, 404, 414].includes(res.status) ? "4xx" : res.status }).toEqual({ id, status: "4xx" });
    }
    const noKey = await api.get("/store/mixpay/payments/anything", noThrow);
    expect(noKey.status).toBe(400); // Medusa requires the publishable key on /store
    await stillServing();
    expect(await counts()).toEqual(before);
  });

  it("the admin settings route: hostile bodies are a 400 naming the field, and nothing is saved", async () => {
    const before = await counts();
    const bodies = hostileBodies(
      [
        "payee_id",
        "settlement_asset_id",
        "quote_asset_id",
        "expiry_minutes",
        "strict_mode",
        "public_base_url",
        "api_base_url",
        "enabled",
      ],
      120,
      11,
    );
    for (const body of bodies) {
      const res = await postJson("/admin/mixpay/settings", body, ctx.shop.adminHeaders.headers);
      expect([400, 413]).toContain(res.status);
      if (res.status === 400) expect(res.data.message).toEqual(expect.stringMatching(/\S/));
    }
    // A well-formed body with a payee from elsewhere and SQL in a URL is refused too.
    const sneaky = await api.post(
      "/admin/mixpay/settings",
      { payee_id: DEMO_PAYEE_ID, settlement_asset_id: DEMO_PAYEE_ID, public_base_url: "https://x'; drop table x; --" },
      { ...ctx.shop.adminHeaders, ...noThrow },
    );
    expect(sneaky.status).toBe(400);
    await stillServing();
    expect(await counts()).toEqual(before);
  });
});
