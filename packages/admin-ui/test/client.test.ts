import { describe, expect, it, vi } from "vitest";
import {
  createMixpayAdminClient,
  errorFromBody,
  fetchTransport,
  MixpayApiError,
  type MixpayFetch,
  toApiError,
} from "../src/lib/client";

const TRACE = "0b1f3c4e-8a2d-5b6c-9d7e-1f2a3b4c5d6e";

describe("admin client", () => {
  it("calls each plugin route with the SDK's fetch signature", async () => {
    const fetcher = vi.fn<MixpayFetch>(async (path) => {
      if (path === "/admin/mixpay/payments") return { payments: [], count: 0 };
      if (path.startsWith("/admin/mixpay/terminal/sales/")) return { sale: { trace_id: TRACE, status: "unpaid" } };
      if (path === "/admin/mixpay/terminal/sales") return { sale: { trace_id: TRACE, status: "unpaid", amount: 12.5 } };
      if (path.endsWith("/recheck")) return { payment: { trace_id: TRACE, status: "paid" }, completion: null };
      return {};
    });
    const client = createMixpayAdminClient(fetcher);
    await client.listPayments({ orderId: "order_1", status: ["paid", "underpaid"], attention: true, limit: 5 });
    expect(fetcher).toHaveBeenLastCalledWith("/admin/mixpay/payments", {
      query: { order_id: "order_1", status: "paid,underpaid", attention: "true", limit: 5 },
    });
    await client.listAssets({ refresh: true, apiBaseUrl: "http://127.0.0.1:4010/v1" }).catch(() => undefined);
    expect(fetcher).toHaveBeenLastCalledWith("/admin/mixpay/assets", {
      query: { refresh: "true", api_base_url: "http://127.0.0.1:4010/v1" },
    });
    await client.getSale(TRACE, { qr: true });
    expect(fetcher).toHaveBeenLastCalledWith(`/admin/mixpay/terminal/sales/${TRACE}`, { query: { qr: "true" } });
    const sale = await client.createSale({ amount: "12.50", currency_code: "usd" });
    expect(fetcher).toHaveBeenLastCalledWith("/admin/mixpay/terminal/sales", {
      method: "POST",
      body: { amount: "12.50", currency_code: "usd" },
    });
    expect(sale.amount).toBe("12.5"); // numbers from the server become strings, never floats on screen
    await client.recheckPayment(TRACE);
    expect(fetcher).toHaveBeenLastCalledWith(`/admin/mixpay/payments/${TRACE}/recheck`, { method: "POST", body: {} });
    await client.getPayment("a/b").catch(() => undefined);
    expect(fetcher).toHaveBeenLastCalledWith("/admin/mixpay/payments/a%2Fb", {});
  });

  it("turns MixPay's asset lists into picker options (icon, symbol, chain; fiat has no chain)", async () => {
    const client = createMixpayAdminClient(async () => ({
      settlement: [
        {
          assetId: "4d8c508b-91c5-375b-92b0-ee702ed2dac5",
          symbol: "USDT",
          name: "Tether USD",
          iconUrl: "https://x/usdt.png",
          network: "Ethereum(ERC20)",
          isAsset: true,
          chainAsset: { id: "43d61dcd-e413-450d-80b8-101d5e903357", symbol: "ETH", name: "Ethereum", iconUrl: "e.png" },
        },
        { assetId: "c6d0c728-2624-429b-8e0d-d9d19b6592fa", symbol: "BTC", chainAsset: { name: "Bitcoin" } },
      ],
      quote: [{ assetId: "usd", symbol: "USD", isAsset: 0, chainAsset: [] }],
      fetched_at: "2026-11-25T10:00:00.000Z",
    }));
    const lists = await client.listAssets();
    expect(lists.settlement.map((a) => [a.symbol, a.chain, a.isFiat, a.chainIconUrl])).toEqual([
      ["USDT", "Ethereum(ERC20)", false, "e.png"],
      ["BTC", "Bitcoin", false, null],
    ]);
    expect(lists.quote[0]).toMatchObject({ id: "usd", symbol: "USD", isFiat: true, chain: null });
  });

  it("refuses an answer of the wrong shape with a clear error", async () => {
    const client = createMixpayAdminClient(async () => ({ settings: { payee_id: 5 } }));
    await expect(client.getSettings()).rejects.toMatchObject({
      name: "MixpayApiError",
      status: null,
      message: expect.stringMatching(/Unexpected answer from \/admin\/mixpay\/settings/),
    });
  });

  it("never reads fields out of a message: a transport without the body gives the message and status only", async () => {
    class FetchError extends Error {
      constructor(
        message: string,
        readonly status: number,
      ) {
        super(message);
      }
    }
    const client = createMixpayAdminClient(async () => {
      throw new FetchError("payee_id: must be a MixPay payee UUID; expiry_minutes: Too big", 400);
    });
    const error = await client.getSettings().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpayApiError);
    expect(error).toMatchObject({ status: 400, type: null, fieldErrors: [], retryAfterSeconds: null });
    expect((error as MixpayApiError).fieldError("payee_id")).toBeUndefined();
    expect(toApiError("boom").message).toBe("boom");
  });

  it("reads the plugin's error body: each field's message, the type, Retry-After of a 503", () => {
    const invalid = errorFromBody(
      {
        type: "invalid_data",
        message: "payee_id: must be a UUID; expiry_minutes: Too big",
        errors: [
          { field: "payee_id", message: "must be a UUID" },
          { field: "expiry_minutes", message: "Too big" },
        ],
      },
      400,
      "Bad Request",
    );
    expect(invalid).toMatchObject({ status: 400, type: "invalid_data", retryable: false, retryAfterSeconds: null });
    expect(invalid.fieldError("payee_id")).toBe("must be a UUID");
    expect(invalid.fieldError("expiry_minutes")).toBe("Too big");
    // A message with a colon is a sentence, not a field.
    const down = errorFromBody(
      { type: "mixpay_unavailable", message: "MixPay could not create the payment: timeout" },
      503,
      "Service Unavailable",
      "5",
    );
    expect(down).toMatchObject({ status: 503, type: "mixpay_unavailable", retryable: true, retryAfterSeconds: 5 });
    expect(down.fieldErrors).toEqual([]);
    // Not the plugin's body (a proxy's page): the status text, no fields.
    expect(errorFromBody("<html>", 502, "Bad Gateway")).toMatchObject({ message: "Bad Gateway", fieldErrors: [] });
    expect(errorFromBody({ message: "x", errors: ["payee_id: bad"] }, 400, "Bad Request").fieldErrors).toEqual([]);
  });

  it("fetchTransport sends JSON with cookies and keeps the plugin's 400 errors", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      if (String(url).includes("/settings")) {
        return new Response(
          JSON.stringify({
            type: "invalid_data",
            message: "payee_id: bad",
            errors: [{ field: "payee_id", message: "bad" }],
          }),
          { status: 400 },
        );
      }
      if (String(url).includes("/terminal/sales")) {
        return new Response(JSON.stringify({ type: "mixpay_busy", message: "MixPay is busy right now." }), {
          status: 503,
          headers: { "Retry-After": "42" },
        });
      }
      return new Response(JSON.stringify({ payments: [], count: 0 }), { status: 200 });
    };
    const transport = fetchTransport({ baseUrl: "http://shop.test/", fetch: fakeFetch });
    await transport("/admin/mixpay/payments", { query: { status: "paid" } });
    expect(calls[0]?.url).toBe("http://shop.test/admin/mixpay/payments?status=paid");
    expect(calls[0]?.init.credentials).toBe("include");
    const error = await transport("/admin/mixpay/settings", { method: "POST", body: { payee_id: "x" } }).catch(
      (e: unknown) => e,
    );
    expect(calls[1]?.init.body).toBe('{"payee_id":"x"}');
    expect(error).toMatchObject({
      status: 400,
      type: "invalid_data",
      message: "payee_id: bad",
      fieldErrors: [{ field: "payee_id", message: "bad" }],
    });
    const client = createMixpayAdminClient(transport);
    const busy = await client.createSale({ amount: "4.50", currency_code: "usd" }).catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(MixpayApiError);
    expect(busy).toMatchObject({ status: 503, type: "mixpay_busy", retryable: true, retryAfterSeconds: 42 });
  });
});
