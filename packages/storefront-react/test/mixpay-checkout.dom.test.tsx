// @vitest-environment happy-dom
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MixpayCheckout } from "../src/mixpay-checkout";
import { cartWith, fakeSdk } from "./fake-sdk";

configure({ asyncUtilTimeout: 5000 });
afterEach(cleanup);

const testid = (id: string) => screen.queryByTestId(id);
const phase = () => testid("mixpay-checkout")?.getAttribute("data-phase");

async function open(sdkFake: ReturnType<typeof fakeSdk>, traceId: string) {
  await waitFor(() => expect(sdkFake.hasStream(traceId)).toBe(true));
}

describe("MixpayCheckout", () => {
  it("shows the QR code, the link, the amount and the countdown from the cart's session before any answer, then follows the stream", async () => {
    const fake = fakeSdk();
    const placeOrder = vi.fn(async () => undefined);
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} />);

    expect(testid("mixpay-qr")?.getAttribute("src")).toMatch(/^data:image\/png/);
    expect(testid("mixpay-pay-link")?.getAttribute("href")).toBe("https://mixpay.me/code/trace-1");
    expect(testid("mixpay-amount")?.textContent).toBe("6.30 USD");
    expect(testid("mixpay-countdown")?.textContent).toMatch(/^Time left 1[45]:\d\d$/);
    expect(testid("mixpay-title")?.textContent).toBe("Scan to pay");

    await open(fake, "trace-1");
    expect(fake.calls.find((c) => c.method === "STREAM")?.path).toBe("/store/mixpay/payments/trace-1/events");
    await act(async () => fake.push("trace-1", { status: "unpaid" }));
    await waitFor(() => expect(testid("mixpay-checkout")?.getAttribute("data-mode")).toBe("stream"));
    // On the stream, nothing is polled.
    expect(fake.calls.filter((c) => c.method === "GET")).toEqual([]);
    expect(placeOrder).not.toHaveBeenCalled();
  });

  it("underpaid: the QR code stays and says what is still due; topped up and paid: the order is placed exactly once", async () => {
    const fake = fakeSdk();
    const placeOrder = vi.fn(async () => undefined);
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} />);
    await open(fake, "trace-1");

    await act(async () =>
      fake.push("trace-1", {
        status: "underpaid",
        sale_share: { paid: "3", due: "3.3" },
        paid_amount: "3",
        paid_symbol: "USDT",
        payable_amount: "6.3",
        shortfall_amount: "3.3",
        shortfall_symbol: "USDT",
      }),
    );
    await waitFor(() => expect(phase()).toBe("attention"));
    expect(testid("mixpay-underpaid")?.textContent).toContain("Paid 3.00 USD of 6.30 USD, 3.30 USD still due");
    expect(testid("mixpay-qr")).not.toBeNull();
    expect(testid("mixpay-cancel")).toBeNull();

    await act(async () => fake.push("trace-1", { status: "paid", final: true, completed: true }));
    await waitFor(() => expect(placeOrder).toHaveBeenCalledTimes(1));
    expect(phase()).toBe("paid");
    expect(testid("mixpay-qr")).toBeNull();
    expect(testid("mixpay-countdown")).toBeNull();
    expect(testid("mixpay-message")?.textContent).toBe("Your payment is confirmed and your order is placed.");
    await new Promise((r) => setTimeout(r, 50));
    expect(placeOrder).toHaveBeenCalledTimes(1);
  });

  it("verified while the server is still making the order: places it after the grace period, once", async () => {
    const fake = fakeSdk();
    const placeOrder = vi.fn(async () => undefined);
    render(
      <MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} completingGraceMs={100} />,
    );
    await open(fake, "trace-1");
    await act(async () => fake.push("trace-1", { status: "paid", final: true, completed: false }));
    await waitFor(() => expect(phase()).toBe("completing"));
    expect(placeOrder).not.toHaveBeenCalled();
    await waitFor(() => expect(placeOrder).toHaveBeenCalledTimes(1));
    await act(async () => fake.push("trace-1", { status: "paid", final: true, completed: true }));
    await new Promise((r) => setTimeout(r, 50));
    expect(placeOrder).toHaveBeenCalledTimes(1);
  });

  it("place-order fails: the error is an alert and 'Place the order' tries again", async () => {
    const fake = fakeSdk();
    const placeOrder = vi
      .fn<() => Promise<unknown>>()
      .mockRejectedValueOnce(new Error("Medusa is unreachable"))
      .mockResolvedValue(undefined);
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} />);
    await open(fake, "trace-1");
    await act(async () => fake.push("trace-1", { status: "paid", final: true, completed: true }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toBe("Medusa is unreachable"));
    fireEvent.click(screen.getByTestId("mixpay-place-order"));
    await waitFor(() => expect(placeOrder).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(testid("mixpay-place-order")).toBeNull());
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("expired: no QR code, no countdown, nothing charged; a new payment brings a new QR code on a new trace", async () => {
    const fake = fakeSdk({ nextTrace: () => "trace-2" });
    const placeOrder = vi.fn(async () => undefined);
    const cart = cartWith("trace-1");
    render(<MixpayCheckout sdk={fake.sdk} cart={cart} placeOrder={placeOrder} />);
    await open(fake, "trace-1");
    await act(async () =>
      fake.push("trace-1", { status: "expired", final: true, expires_at: new Date(Date.now() - 1000).toISOString() }),
    );
    await waitFor(() => expect(phase()).toBe("ended"));
    expect(testid("mixpay-qr")).toBeNull();
    expect(testid("mixpay-pay-link")).toBeNull();
    expect(testid("mixpay-countdown")).toBeNull();
    expect(testid("mixpay-message")?.textContent).toMatch(/nothing was charged/);

    fireEvent.click(screen.getByTestId("mixpay-retry"));
    await waitFor(() => expect(testid("mixpay-pay-link")?.getAttribute("href")).toBe("https://mixpay.me/code/trace-2"));
    expect(fake.calls).toContainEqual({
      path: "initiatePaymentSession cart_1",
      method: "POST",
      body: { provider_id: "pp_mixpay_mixpay" },
    });
    expect(phase()).toBe("waiting");
    await open(fake, "trace-2");
    await act(async () => fake.push("trace-2", { status: "paid", final: true, completed: true }));
    await waitFor(() => expect(placeOrder).toHaveBeenCalledTimes(1));
  });

  it("a new payment MixPay cannot take now: the plain-words error, and the button stays", async () => {
    const fake = fakeSdk();
    fake.failNewPayment(new Error("MixPay is busy right now. Nothing was charged; try again in 12 s."));
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={async () => undefined} />);
    await open(fake, "trace-1");
    await act(async () => fake.push("trace-1", { status: "failed", final: true }));
    fireEvent.click(await screen.findByTestId("mixpay-retry"));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/^MixPay is busy right now/));
    expect(testid("mixpay-retry")).not.toBeNull();
  });

  it("cancel: posts the cart id to the store cancel route, the QR code goes at once, and a new payment can be started", async () => {
    const fake = fakeSdk();
    const onCancelled = vi.fn();
    render(
      <MixpayCheckout
        sdk={fake.sdk}
        cart={cartWith("trace-1")}
        placeOrder={async () => undefined}
        onCancelled={onCancelled}
      />,
    );
    await open(fake, "trace-1");
    fireEvent.click(screen.getByTestId("mixpay-cancel"));
    await waitFor(() => expect(phase()).toBe("cancelled"));
    expect(fake.calls).toContainEqual({
      path: "/store/mixpay/payments/trace-1/cancel",
      method: "POST",
      body: { cart_id: "cart_1" },
    });
    expect(onCancelled).toHaveBeenCalledTimes(1);
    expect(testid("mixpay-qr")).toBeNull();
    expect(testid("mixpay-countdown")).toBeNull();
    expect(testid("mixpay-reference")?.textContent).toBe("Reference: trace-1");
    expect(testid("mixpay-retry")).not.toBeNull();
  });

  it("refund due: how much arrived, no order, the reference for MixPay support", async () => {
    const fake = fakeSdk();
    const placeOrder = vi.fn(async () => undefined);
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} />);
    await open(fake, "trace-1");
    await act(async () =>
      fake.push("trace-1", { status: "expired", final: true, refund_due: true, paid_amount: "3", paid_symbol: "USDT" }),
    );
    await waitFor(() => expect(testid("mixpay-title")?.textContent).toBe("This payment cannot complete your order"));
    expect(testid("mixpay-message")?.textContent).toMatch(/^3 USDT arrived/);
    expect(testid("mixpay-reference")?.textContent).toBe("Reference: trace-1");
    expect(testid("mixpay-checkout")?.getAttribute("data-tone")).toBe("problem");
    expect(placeOrder).not.toHaveBeenCalled();
  });

  it("an event that is not this payment's body changes nothing and places no order", async () => {
    const fake = fakeSdk();
    const placeOrder = vi.fn(async () => undefined);
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith("trace-1")} placeOrder={placeOrder} />);
    await open(fake, "trace-1");
    await act(async () => {
      fake.pushRaw("trace-1", JSON.stringify({ payment: { trace_id: "trace-9", status: "paid", completed: true } }));
      fake.pushRaw("trace-1", JSON.stringify({ status: "paid" }));
      fake.pushRaw("trace-1", "not json");
    });
    await act(async () => fake.push("trace-1", { status: "unpaid" }));
    await waitFor(() => expect(testid("mixpay-checkout")?.getAttribute("data-mode")).toBe("stream"));
    expect(phase()).toBe("waiting");
    expect(testid("mixpay-qr")).not.toBeNull();
    expect(placeOrder).not.toHaveBeenCalled();
  });

  it("a cart without a MixPay session offers to start one", async () => {
    const fake = fakeSdk({ nextTrace: () => "trace-5" });
    render(<MixpayCheckout sdk={fake.sdk} cart={cartWith(null)} placeOrder={async () => undefined} />);
    expect(phase()).toBe("none");
    fireEvent.click(screen.getByTestId("mixpay-retry"));
    await waitFor(() => expect(testid("mixpay-pay-link")?.getAttribute("href")).toBe("https://mixpay.me/code/trace-5"));
  });
});
