import { describe, expect, it, vi } from "vitest";
import {
  createMixpayAdminClient,
  fetchTransport,
  MixpayApiError,
  type MixpayFetch,
  parseFieldErrors,
  SETTINGS_FIELDS,
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

  it("keeps field errors from the SDK's message, only for the form's own fields", async () => {
    class FetchError extends Error {
      constructor(
        message: string,
        readonly status: number,
      ) {
        super(message);
      }
    }
    const client = createMixpayAdminClient(async () => {
      throw new FetchError(
        "payee_id: must be a MixPay payee UUID like 8e69e534-d0c4-3e04-8b61-37a73cd9e7d7; expiry_minutes: Too big: expected number to be <=2880",
        400,
      );
    });
    const error = await client
      .saveSettings({
        enabled: true,
        payee_id: "x",
        settlement_asset_id: "y",
        quote_asset_id: null,
        expiry_minutes: 9999,
        strict_mode: false,
        public_base_url: null,
        api_base_url: null,
        checkout_base_url: null,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpayApiError);
    const apiError = error as MixpayApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.fieldError("payee_id")).toMatch(/^must be a MixPay payee UUID/);
    expect(apiError.fieldError("expiry_minutes")).toMatch(/<=2880/);
  });

  it("does not mistake a sentence with a colon for a field", () => {
    expect(parseFieldErrors("MixPay could not create the payment: timeout", SETTINGS_FIELDS)).toEqual([]);
    expect(
      parseFieldErrors(
        "settlement_asset_id: MixPay does not settle in x (see GET /admin/mixpay/assets)",
        SETTINGS_FIELDS,
      ),
    ).toEqual([
      { field: "settlement_asset_id", message: "MixPay does not settle in x (see GET /admin/mixpay/assets)" },
    ]);
    expect(toApiError("boom").message).toBe("boom");
  });

  it("fetchTransport sends JSON with cookies and keeps the plugin's 400 errors", async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = async (url: string | URL | Request, init?: RequestInit) => {
      calls.push({ url: String(url), init: init ?? {} });
      if (String(url).includes("/settings")) {
        return new Response(
          JSON.stringify({ message: "payee_id: bad", errors: [{ field: "payee_id", message: "bad" }] }),
          { status: 400 },
        );
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
      message: "payee_id: bad",
      fieldErrors: [{ field: "payee_id", message: "bad" }],
    });
  });
});
