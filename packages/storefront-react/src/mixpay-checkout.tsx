import { useMemo } from "react";
import { type MedusaSdkLike, type MixpayStoreClient, mixpayStoreClient } from "./store-client";
import { type UseMixpayCheckoutOptions, useMixpayCheckout } from "./use-mixpay-checkout";

/**
 * The payment step of a storefront's checkout for MixPay: draws `useMixpayCheckout` (the sale engine's
 * `checkoutView`) and nothing else. Class names start with `mixpay-checkout`; `@mixpay-pos/storefront-react/styles.css`
 * is a plain default, themed with CSS variables. Every part has a `data-testid`.
 */

export interface MixpayCheckoutProps extends Omit<UseMixpayCheckoutOptions, "client"> {
  /** Medusa's JS SDK instance (its base URL and publishable key reach the plugin's store routes). */
  sdk?: MedusaSdkLike;
  /** Or a client made once with `mixpayStoreClient(sdk)` (tests pass their own). */
  client?: MixpayStoreClient;
  className?: string;
}

export function MixpayCheckout({ sdk, client, className, ...opts }: MixpayCheckoutProps) {
  const storeClient = useMemo(() => {
    if (client) return client;
    if (!sdk) throw new Error("MixpayCheckout needs `sdk` (Medusa's JS SDK) or `client`");
    return mixpayStoreClient(sdk);
  }, [client, sdk]);
  const state = useMixpayCheckout({ ...opts, client: storeClient });
  const { view, session, busy, error } = state;
  const classes = ["mixpay-checkout", className].filter(Boolean).join(" ");

  if (!view || !session) {
    return (
      <section className={classes} data-testid="mixpay-checkout" data-phase="none" aria-label="Pay with MixPay">
        <p className="mixpay-checkout__message">No MixPay payment has been started for this order yet.</p>
        {error && (
          <p className="mixpay-checkout__error" role="alert" data-testid="mixpay-error">
            {error}
          </p>
        )}
        <button
          type="button"
          className="mixpay-checkout__button mixpay-checkout__button--primary"
          data-testid="mixpay-retry"
          onClick={() => void state.retry()}
          disabled={busy !== null}
          aria-busy={busy === "retry"}
        >
          {busy === "retry" ? "Starting the payment…" : "Pay with MixPay"}
        </button>
      </section>
    );
  }

  const payUrl = state.payment?.pay_url ?? session.pay_url;
  return (
    <section
      className={classes}
      data-testid="mixpay-checkout"
      data-phase={view.phase}
      data-tone={view.tone}
      data-status={state.payment?.status ?? session.status ?? "unpaid"}
      data-mode={state.mode}
      aria-label="Pay with MixPay"
    >
      <div className="mixpay-checkout__head">
        <p className="mixpay-checkout__amount" data-testid="mixpay-amount">
          {view.amountText}
        </p>
        {view.showCountdown && (
          <p className="mixpay-checkout__countdown" data-testid="mixpay-countdown">
            {view.countdownText}
          </p>
        )}
      </div>

      <div className="mixpay-checkout__status" role="status" aria-live="polite" aria-atomic="true">
        <p className="mixpay-checkout__title" data-testid="mixpay-title">
          {view.title}
        </p>
        <p className="mixpay-checkout__message" data-testid="mixpay-message">
          {view.message}
        </p>
      </div>

      {view.underpaid && (
        <p className="mixpay-checkout__underpaid" data-testid="mixpay-underpaid">
          {view.underpaid.sale && <span>{view.underpaid.sale}</span>}
          {view.underpaid.crypto && <span>{view.underpaid.crypto}</span>}
        </p>
      )}

      {view.showQr && (
        <div className="mixpay-checkout__pay">
          <a
            className="mixpay-checkout__button mixpay-checkout__button--primary mixpay-checkout__link"
            href={payUrl}
            target="_blank"
            rel="noopener noreferrer"
            data-testid="mixpay-pay-link"
          >
            Open in your wallet
          </a>
          {session.qr_data_url && (
            <img
              className="mixpay-checkout__qr"
              data-testid="mixpay-qr"
              src={session.qr_data_url}
              alt={`QR code: pay ${view.amountText} with MixPay`}
              width={240}
              height={240}
            />
          )}
        </div>
      )}

      {view.reference && (
        <p className="mixpay-checkout__reference" data-testid="mixpay-reference">
          Reference: <code>{view.reference}</code>
        </p>
      )}
      {state.reconnecting && (
        <p className="mixpay-checkout__note" data-testid="mixpay-reconnecting">
          Cannot reach the shop right now; trying again…
        </p>
      )}
      {error && (
        <p className="mixpay-checkout__error" role="alert" data-testid="mixpay-error">
          {error}
        </p>
      )}

      <div className="mixpay-checkout__actions">
        {view.canCancel && (
          <button
            type="button"
            className="mixpay-checkout__button"
            data-testid="mixpay-cancel"
            onClick={() => void state.cancel()}
            disabled={busy !== null}
            aria-busy={busy === "cancel"}
          >
            {busy === "cancel" ? "Cancelling…" : "Cancel payment"}
          </button>
        )}
        {view.canRetry && (
          <button
            type="button"
            className="mixpay-checkout__button mixpay-checkout__button--primary"
            data-testid="mixpay-retry"
            onClick={() => void state.retry()}
            disabled={busy !== null}
            aria-busy={busy === "retry"}
          >
            {busy === "retry" ? "Starting a new payment…" : "Start a new payment"}
          </button>
        )}
        {state.placeOrderFailed && (
          <button
            type="button"
            className="mixpay-checkout__button mixpay-checkout__button--primary"
            data-testid="mixpay-place-order"
            onClick={() => void state.placeOrderAgain()}
            disabled={busy !== null}
            aria-busy={busy === "place-order"}
          >
            {busy === "place-order" ? "Placing your order…" : "Place the order"}
          </button>
        )}
      </div>
    </section>
  );
}
