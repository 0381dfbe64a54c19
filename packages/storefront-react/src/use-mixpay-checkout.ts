import {
  type CheckoutView,
  checkoutView,
  isSaleSettled,
  msUntilNextTick,
  type WatchMode,
  watchSale,
} from "@mixpay-pos/sale-engine";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type CartLike,
  type MixpaySessionData,
  type MixpayStoreClient,
  mixpaySessionOf,
  type StorePaymentView,
} from "./store-client";

/**
 * One storefront checkout's MixPay payment: watches it (the store's event stream, polling while the stream is
 * down), keeps the countdown ticking, and when MixPay's payment is verified calls the storefront's place-order,
 * once. Cancel and a new payment go through the plugin's store routes and Medusa's. What the page shows comes from
 * the sale engine's `checkoutView`.
 */

export interface UseMixpayCheckoutOptions {
  client: MixpayStoreClient;
  /** The cart with its MixPay payment session (`payment_collection.payment_sessions`). */
  cart: CartLike;
  /**
   * The storefront's place-order (e.g. `sdk.store.cart.complete(cart.id)` and on to the confirmation page). Called
   * once MixPay's payment is verified. Completing an already completed cart returns its order, so it is safe
   * whether or not the server made the order first.
   */
  placeOrder: () => Promise<unknown>;
  /** A new payment for the cart; the default is `client.newPayment(cart)` (Medusa's initiate payment session). */
  newPayment?: () => Promise<MixpaySessionData>;
  /** Called after the customer cancelled (e.g. to show the other payment methods). */
  onCancelled?: () => void;
  /**
   * While the server is still making the order from a verified payment, how long to leave it to the server before
   * placing the order from here as well (default 3 s). Once it has made the order, it is placed at once.
   */
  completingGraceMs?: number;
}

export type CheckoutBusy = "cancel" | "retry" | "place-order" | null;

export interface MixpayCheckoutState {
  session: MixpaySessionData | null;
  payment: StorePaymentView | null;
  view: CheckoutView | null;
  /** How updates arrive: "stream" while the event stream is up, "poll" otherwise. */
  mode: WatchMode;
  /** The last status check failed (the watch goes on, backing off). */
  reconnecting: boolean;
  busy: CheckoutBusy;
  /** What went wrong with the customer's last action, in plain words. */
  error: string | null;
  /** Placing the order failed: `placeOrderAgain` tries again. */
  placeOrderFailed: boolean;
  cancel(): Promise<void>;
  retry(): Promise<void>;
  placeOrderAgain(): Promise<void>;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text || "Something went wrong. Try again.";
}

/** The session data as a provisional status, so the QR code is up before the first answer arrives. */
function provisional(session: MixpaySessionData, cart: CartLike): StorePaymentView {
  return {
    trace_id: session.trace_id,
    status: session.status ?? "unpaid",
    pay_url: session.pay_url,
    expires_at: session.expires_at ?? null,
    amount: cart.total === null || cart.total === undefined ? null : String(cart.total),
    currency_code: cart.currency_code ?? null,
    quote_amount: session.quote_amount ?? null,
    quote_asset_id: session.quote_asset_id ?? null,
  };
}

export function useMixpayCheckout(opts: UseMixpayCheckoutOptions): MixpayCheckoutState {
  const { client, cart } = opts;
  const latest = useRef(opts);
  latest.current = opts;

  const fromCart = mixpaySessionOf(cart.payment_collection);
  const [ownSession, setOwnSession] = useState<MixpaySessionData | null>(null);
  // A payment started here wins over the cart's until the cart shows a newer one.
  const session = ownSession && ownSession.trace_id !== fromCart?.trace_id ? ownSession : fromCart;
  const traceId = session?.trace_id ?? null;

  const [payment, setPayment] = useState<StorePaymentView | null>(null);
  const [mode, setMode] = useState<WatchMode>("poll");
  const [reconnecting, setReconnecting] = useState(false);
  const [busy, setBusy] = useState<CheckoutBusy>(null);
  const [error, setError] = useState<string | null>(null);
  const [placeOrderFailed, setPlaceOrderFailed] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const ordered = useRef<string | null>(null);

  // Watch the current trace until it is settled; a new trace starts a new watch.
  useEffect(() => {
    if (!traceId) return;
    setPayment(null);
    setError(null);
    setPlaceOrderFailed(false);
    const watch = watchSale({
      check: (signal) => client.status(traceId, signal),
      onResult: (body) => {
        setReconnecting(false);
        if (body.payment.trace_id === traceId) setPayment(body.payment);
      },
      onError: () => setReconnecting(true),
      isDone: (body) => isSaleSettled(body.payment),
      stream: client.stream(traceId),
      onModeChange: setMode,
    });
    watch.start();
    return () => watch.stop();
  }, [client, traceId]);

  // An answer about a trace this page has moved on from (after a new payment) is not shown.
  const current = payment && payment.trace_id === traceId ? payment : null;
  const shown = current ?? (session ? provisional(session, cart) : null);
  const view = useMemo(() => (shown ? checkoutView(shown, now) : null), [shown, now]);

  // The countdown ticks on the second while it is shown.
  const expiresAt = shown?.expires_at ?? null;
  const ticking = view?.showCountdown ?? false;
  useEffect(() => {
    if (!ticking) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      timer = setTimeout(tick, msUntilNextTick(expiresAt, t) ?? 1000);
    };
    timer = setTimeout(tick, msUntilNextTick(expiresAt, Date.now()) ?? 1000);
    return () => clearTimeout(timer);
  }, [ticking, expiresAt]);

  const placeOrder = useCallback(async () => {
    setBusy("place-order");
    setError(null);
    setPlaceOrderFailed(false);
    try {
      await latest.current.placeOrder();
    } catch (e) {
      setError(messageOf(e));
      setPlaceOrderFailed(true);
    } finally {
      setBusy(null);
    }
  }, []);

  // Verified: place the order once per trace. While the server is still making it, give it a moment first.
  const phase = view?.phase ?? null;
  useEffect(() => {
    if (!traceId || (phase !== "paid" && phase !== "completing") || ordered.current === traceId) return;
    const start = () => {
      ordered.current = traceId;
      void placeOrder();
    };
    if (phase === "paid") {
      start();
      return;
    }
    const timer = setTimeout(start, latest.current.completingGraceMs ?? 3000);
    return () => clearTimeout(timer);
  }, [phase, traceId, placeOrder]);

  const cancel = useCallback(async () => {
    if (!traceId) return;
    setBusy("cancel");
    setError(null);
    try {
      const body = await client.cancel(traceId, latest.current.cart.id);
      setPayment(body.payment);
      latest.current.onCancelled?.();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }, [client, traceId]);

  const retry = useCallback(async () => {
    setBusy("retry");
    setError(null);
    try {
      const o = latest.current;
      setOwnSession(await (o.newPayment ? o.newPayment() : client.newPayment(o.cart)));
      setNow(Date.now());
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }, [client]);

  return {
    session,
    payment: current,
    view,
    mode,
    reconnecting,
    busy,
    error,
    placeOrderFailed,
    cancel,
    retry,
    placeOrderAgain: placeOrder,
  };
}
