import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createSimulator, type Simulator } from "../src/index.js";
import { api, BTC, createPayment, PAYEE, page, result, USDT } from "./helpers.js";

let sim: Simulator;
beforeEach(() => {
  sim = createSimulator({ rateLimitPerMinute: false });
});
afterEach(() => sim.close());

const form = (fields: Record<string, string>): RequestInit => ({
  method: "POST",
  body: new URLSearchParams(fields).toString(),
  headers: { "content-type": "application/x-www-form-urlencoded" },
});

/** The text of the element with data-testid=id (first match). */
function testId(html: string, id: string): string | undefined {
  const match = new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html);
  return match?.[1];
}

describe("GET /code/{code}", () => {
  it("renders payee, amount, status, asset picker with computed amounts and the buttons", async () => {
    const traceId = await createPayment(sim, { remark: "Table 4" });
    const res = await page(sim, `/code/${traceId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(res.body).toContain("Demo Coffee Bar");
    expect(testId(res.body, "amount")).toBe("10 USD");
    expect(testId(res.body, "status")).toBe("unpaid");
    expect(res.body).toContain("Table 4");
    expect(res.body).toContain(`<option value="${USDT}" selected>USDT (ERC20) — 10 USDT</option>`);
    expect(res.body).toContain(`<option value="${BTC}">BTC (Bitcoin) — 0.00015625 BTC</option>`);
    for (const id of ["pay-button", "pay-less-button", "fail-button", "asset-select"]) {
      expect(res.body).toContain(`data-testid="${id}"`);
    }
    expect(res.body).toContain(`action="/pay-action/${traceId}"`);
  });

  it("unknown code → 404 page", async () => {
    const res = await page(sim, "/code/does-not-exist");
    expect(res.status).toBe(404);
    expect(res.body).toContain("The payment link you visited does not exist.");
  });

  it("escapes what the merchant sent", async () => {
    const traceId = await createPayment(sim, { remark: "<script>alert(1)</script>" });
    const res = await page(sim, `/code/${traceId}`);
    expect(res.body).not.toContain("<script>alert(1)</script>");
    expect(res.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("the Pay, Pay less and Fail buttons", () => {
  it("Pay: POST → 303 back to the page → status success, Paid state and the returnTo link", async () => {
    const traceId = await createPayment(sim, { returnTo: "https://shop.example/thanks?o=1&x=2" });
    const post = await page(
      sim,
      `/pay-action/${traceId}`,
      form({ action: "pay", assetId: BTC, back: `/code/${traceId}` }),
    );
    expect(post.status).toBe(303);
    expect(post.headers.get("location")).toBe(`/code/${traceId}`);
    const after = await page(sim, `/code/${traceId}`);
    expect(testId(after.body, "status")).toBe("success");
    expect(after.body).toContain('data-testid="paid-state"');
    expect(after.body).toContain('href="https://shop.example/thanks?o=1&amp;x=2"');
    expect(after.body).not.toContain('data-testid="pay-button"');
    expect(await result(sim, traceId)).toMatchObject({ status: "success", paymentSymbol: "BTC" });
  });

  it("Pay less → paid_less: paid X of Y, Z remaining, and Pay the rest tops up to success", async () => {
    const traceId = await createPayment(sim);
    await page(sim, `/pay-action/${traceId}`, form({ action: "underpay", assetId: USDT }));
    let html = (await page(sim, `/code/${traceId}`)).body;
    expect(testId(html, "status")).toBe("paid_less");
    expect(testId(html, "paid")).toBe("5 USDT");
    expect(testId(html, "payable")).toBe("10 USDT");
    expect(testId(html, "remaining")).toBe("5 USDT");
    expect(testId(html, "pay-button")).toBe("Pay the rest");
    expect(html).toContain(`<option value="${USDT}" selected>USDT (ERC20) — 5 USDT</option>`);
    expect(html).not.toContain('http-equiv="refresh"');
    await page(sim, `/pay-action/${traceId}`, form({ action: "pay", assetId: USDT }));
    html = (await page(sim, `/code/${traceId}`)).body;
    expect(testId(html, "status")).toBe("success");
    expect(await result(sim, traceId)).toMatchObject({ status: "success", paymentAmount: "10" });
  });

  it("Fail → failed with the reason and the failedReturnTo link", async () => {
    const traceId = await createPayment(sim, { failedReturnTo: "https://shop.example/sorry" });
    await page(sim, `/pay-action/${traceId}`, form({ action: "fail" }));
    const html = (await page(sim, `/code/${traceId}`)).body;
    expect(testId(html, "status")).toBe("failed");
    expect(testId(html, "failure-reason")).toBe("40024 Payment deadline passed with an insufficient amount.");
    expect(html).toContain('href="https://shop.example/sorry"');
    expect(html).not.toContain('data-testid="refund-due"');
  });

  it("refuses an action the state doesn't allow (409 page) and never redirects off-site", async () => {
    const traceId = await createPayment(sim);
    await page(sim, `/pay-action/${traceId}`, form({ action: "pay" }));
    const again = await page(sim, `/pay-action/${traceId}`, form({ action: "pay" }));
    expect(again.status).toBe(409);
    expect(again.body).toContain("it is success");
    const other = await createPayment(sim, { orderId: "order-1002" });
    const offsite = await page(sim, `/pay-action/${other}`, form({ action: "fail", back: "https://evil.example/" }));
    expect(offsite.headers.get("location")).toBe(`/code/${other}`);
  });
});

describe("the statuses of the current lifecycle on the page", () => {
  it("Pay, wait for confirmations → confirming with the confirmations counted; reloads; Confirm → success", async () => {
    let now = Date.now();
    const own = createSimulator({ rateLimitPerMinute: false, now: () => now, expirySweepMs: 0 });
    try {
      const traceId = await createPayment(own);
      const unpaid = (await page(own, `/code/${traceId}`)).body;
      expect(testId(unpaid, "pay-unconfirmed-button")).toBe("Pay, wait for confirmations");
      expect(testId(unpaid, "deadline")).toBe(new Date(now + 2880 * 60_000).toISOString());
      const post = await page(own, `/pay-action/${traceId}`, form({ action: "pay-unconfirmed", assetId: USDT }));
      expect(post.status).toBe(303);
      now += 17_000;
      const html = (await page(own, `/code/${traceId}`)).body;
      expect(testId(html, "status")).toBe("confirming");
      expect(testId(html, "confirmations")).toBe("3 of 12");
      expect(html).toContain('http-equiv="refresh"');
      expect(html).toContain('data-testid="confirm-button"');
      expect(html).not.toContain('data-testid="pay-button"');
      await page(own, `/pay-action/${traceId}`, form({ action: "confirm" }));
      expect(testId((await page(own, `/code/${traceId}`)).body, "status")).toBe("success");
    } finally {
      own.close();
    }
  });

  it("pending: paid and confirmed, MixPay still processing", async () => {
    const traceId = await createPayment(sim);
    sim.act(traceId, { action: "pay", hold: true });
    sim.act(traceId, { action: "process" });
    const html = (await page(sim, `/code/${traceId}`)).body;
    expect(testId(html, "status")).toBe("pending");
    expect(html).toContain("paid and confirmed; MixPay is finishing the payment");
    expect(html).not.toContain('data-testid="confirmations"');
    expect(html).toContain('data-testid="confirm-button"');
  });

  it.each([
    ["the deadline with nothing paid", [{ action: "expire" }], "40000", "the payment deadline passed", null],
    [
      "the confirmation deadline",
      [{ action: "pay", hold: true }, { action: "expire" }],
      "40000",
      "not confirmed before the confirmation deadline",
      "10 USDT",
    ],
    [
      "the deadline with too little paid",
      [{ action: "underpay", amount: "4" }, { action: "expire" }],
      "40024",
      "the deadline passed before the full amount arrived",
      "4 USDT",
    ],
    ["a cancellation", [{ action: "fail", failureCode: "40032" }], "40032", "the payment was cancelled", null],
    [
      "a rejected review",
      [{ action: "audit" }, { action: "fail", failureCode: "10095" }],
      "10095",
      "rejected in review",
      "10 USDT",
    ],
  ] as const)(
    "failed by %s: the reason, and the refund due when money arrived",
    async (_l, steps, code, detail, refund) => {
      const traceId = await createPayment(sim);
      for (const step of steps) sim.act(traceId, { ...step });
      const html = (await page(sim, `/code/${traceId}`)).body;
      expect(testId(html, "status")).toBe("failed");
      expect(testId(html, "failure-reason")).toMatch(new RegExp(`^${code} `));
      expect(html).toContain(detail);
      if (refund) expect(testId(html, "refund-due")).toMatch(new RegExp(`^${refund} arrived`));
      else expect(html).not.toContain('data-testid="refund-due"');
      expect(html).not.toContain('data-testid="pay-button"');
      expect(html).not.toContain('data-testid="fail-button"');
    },
  );

  it("tells an embedding iframe the status, traceId and clientId", async () => {
    const traceId = await createPayment(sim);
    sim.act(traceId, { action: "underpay" });
    const info = await api<{ clientId: string }>(sim, "GET", `/v1/payments_info?traceId=${traceId}`);
    const { clientId } = info.body.data;
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    const html = (await page(sim, `/code/${traceId}`)).body;
    expect(html).toContain(
      `{type:"MIXPAY_PAYMENT",data:{"status":"paid_less","traceId":"${traceId}","clientId":"${clientId}"}}`,
    );
  });

  it("legacy lifecycle: Pay less shows pending with the remaining amount, and no confirm-later button", async () => {
    sim.configure({ lifecycle: "legacy" });
    const traceId = await createPayment(sim);
    expect((await page(sim, `/code/${traceId}`)).body).not.toContain('data-testid="pay-unconfirmed-button"');
    await page(sim, `/pay-action/${traceId}`, form({ action: "underpay", assetId: USDT }));
    const html = (await page(sim, `/code/${traceId}`)).body;
    expect(testId(html, "status")).toBe("pending");
    expect(testId(html, "remaining")).toBe("5 USDT");
    expect(html).toContain("partly paid: pay the rest");
    expect(html).toContain('data-testid="pay-button"');
  });
});

describe("GET /pay (pay link)", () => {
  const link = (params: Record<string, string>) => `/pay?${new URLSearchParams({ payeeId: PAYEE, ...params })}`;
  const traceId = "4e0a6b8c-2d3f-4a5b-9c7d-9f1b3d5e7f9a";

  it("creates the payment on first open, keyed by traceId, and reuses it afterwards", async () => {
    const url = link({ quoteAssetId: "usd", quoteAmount: "12.5", settlementAssetId: USDT, traceId, remark: "Till 2" });
    const first = await page(sim, url);
    expect(first.status).toBe(200);
    expect(testId(first.body, "amount")).toBe("12.5 USD");
    await page(sim, url);
    expect(sim.payments()).toHaveLength(1);
    expect(sim.payment(traceId)?.source).toBe("pay_link");
    expect((await result(sim, traceId)).quoteAmount).toBe("12.5");
  });

  it("keys by payeeId + orderId when there is no traceId; amount overrides quoteAmount", async () => {
    const url = link({ quoteAmount: "12.5", amount: "7", orderId: "till-0042" });
    const html = (await page(sim, url)).body;
    expect(testId(html, "amount")).toBe("7 USD");
    await page(sim, url);
    const payments = sim.payments();
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ orderId: "till-0042", quoteAmount: "7", settlementAssetId: null });
  });

  it("the Pay button on a pay link redirects back to the link and settles in what was paid", async () => {
    const url = link({ quoteAmount: "10", traceId });
    const post = await page(sim, `/pay-action/${traceId}`, form({ action: "pay", assetId: BTC, back: url }));
    expect(post.status).toBe(404); // not opened yet → nothing exists server-side
    await page(sim, url);
    const ok = await page(sim, `/pay-action/${traceId}`, form({ action: "pay", assetId: BTC, back: url }));
    expect(ok.headers.get("location")).toBe(url);
    expect(await result(sim, traceId)).toMatchObject({
      status: "success",
      settleSymbol: "BTC",
      settleAmount: "0.00015625",
    });
  });

  it.each([
    ["a bad payeeId", { payeeId: "nobody", quoteAmount: "10", traceId }, "payeeId"],
    ["a long remark", { quoteAmount: "10", traceId, remark: "r".repeat(51) }, "remark"],
    ["a bad traceId", { quoteAmount: "10", traceId: "123" }, "traceId"],
    ["no orderId or traceId", { quoteAmount: "10" }, "orderId"],
    ["a negative amount", { amount: "-3", traceId }, "amount"],
  ])("invalid params (%s) → 400 page naming the field", async (_label, params, field) => {
    const res = await page(sim, link(params));
    expect(res.status).toBe(400);
    expect(res.body).toContain(`data-field="${field}"`);
  });

  it("business errors → 400 page with MixPay's message", async () => {
    const res = await page(sim, link({ quoteAmount: "5000", traceId }));
    expect(res.status).toBe(400);
    expect(res.body).toContain("The price is too high. (code 10005)");
  });

  it("an orderId already used for a one-time payment can't be paid by pay link", async () => {
    await createPayment(sim, { orderId: "order-7777" });
    const res = await page(sim, link({ quoteAmount: "10", orderId: "order-7777" }));
    expect(res.status).toBe(400);
    expect(res.body).toContain("one-time payment");
  });

  it("asks for the amount when the link has none", async () => {
    const res = await page(sim, link({ orderId: "till-0099", remark: "Tip" }));
    expect(res.status).toBe(200);
    expect(res.body).toContain('data-testid="amount-input"');
    expect(res.body).toContain('<input type="hidden" name="orderId" value="till-0099">');
    expect(sim.payments()).toHaveLength(0);
  });
});

describe("re-opening a pay link", () => {
  it("shows its payment even at or after its expiry, instead of refusing the link", async () => {
    let now = Date.now();
    const own = createSimulator({ rateLimitPerMinute: false, now: () => now, expirySweepMs: 0 });
    try {
      const traceId = "6f1d2c3b-4a59-4e8d-9c7b-1a2b3c4d5e6f";
      const link = `/pay?payeeId=${PAYEE}&quoteAssetId=usd&quoteAmount=5&traceId=${traceId}&expiredTimestamp=${Math.floor(now / 1000) + 30}`;
      expect((await page(own, link)).status).toBe(200);
      now += 25_000; // within 10 s of the expiry: a new link with this timestamp would be refused
      const near = await page(own, link);
      expect(near.status).toBe(200);
      expect(testId(near.body, "status")).toBe("unpaid");
      now += 10_000;
      const after = await page(own, link);
      expect(after.status).toBe(200);
      expect(testId(after.body, "status")).toBe("failed");
    } finally {
      own.close();
    }
  });
});

describe("createSimulator options", () => {
  it("are checked like the control API's, naming the bad one", () => {
    expect(() => createSimulator({ rateLimitPerMinute: 0 })).toThrow(/behaviour\.rateLimitPerMinute/);
    expect(() => createSimulator({ behaviour: { callbackTimeScale: -1 } })).toThrow(/behaviour\.callbackTimeScale/);
    expect(() => createSimulator({ faults: { latencyMs: -5 } })).toThrow(/faults\.latencyMs/);
    expect(() => createSimulator({ expirySweepMs: -1 })).toThrow(/expirySweepMs/);
  });
});
