import { medusaIntegrationTestRunner } from "@medusajs/test-utils";
import type { SimulatorServer } from "@mixpay-pos/simulator";
import { configureMixpay, ledger, mixpayService, seedShop, type Shop, startSale, startSimulator, waitFor } from "../helpers";

jest.setTimeout(240_000);

let simulator: SimulatorServer;
beforeAll(async () => {
  simulator = await startSimulator();
});
afterAll(async () => {
  await simulator.close();
});

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let shop: Shop;
    beforeEach(async () => {
      simulator.simulator.reset();
      shop = await seedShop(getContainer());
      await configureMixpay(api, shop, simulator);
    });

    it("cart → MixPay session → customer pays → callback → exactly one completed order", async () => {
      const container = getContainer();
      const sale = await startSale(container, api, shop, 12.5);
      expect(sale.data).toMatchObject({
        status: "unpaid",
        quote_amount: "25",
        quote_asset_id: "usd",
        pay_url: expect.stringMatching(new RegExp(`^${simulator.url}/code/`)),
        qr_svg: expect.stringContaining("<svg"),
        qr_data_url: expect.stringMatching(/^data:image\/png;base64,/),
      });

      simulator.simulator.act(sale.traceId, { action: "pay" });
      const payment = await waitFor(async () => {
        const p = await mixpayService(container).retrievePaymentByTrace(sale.traceId);
        return p?.completed_at ? p : null;
      }, 20_000, "the callback to complete the sale");

      expect(payment.status).toBe("paid");
      const books = await ledger(container, sale.cartId, sale.sessionId);
      expect(books.orders).toHaveLength(1);
      expect(books.cartCompleted).toBe(true);
      expect(books.payments).toHaveLength(1);
      expect(Number(books.payments[0].amount)).toBe(25);
      expect(books.captures).toHaveLength(1);
      expect(payment.order_id).toBe(books.orders[0].order_id);
    });
  },
});
