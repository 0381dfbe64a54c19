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

/** One of the step's buttons: disabled while any action runs, and says what it is doing while its own runs. */
function ActionButton(props: {
  testid: string;
  label: string;
  busyLabel: string;
  running: boolean;
  disabled: boolean;
  primary?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`mixpay-checkout__button${props.primary ? " mixpay-checkout__button--primary" : ""}`}
      data-testid={props.testid}
      onClick={props.onClick}
      disabled={props.disabled}
      aria-busy={props.running}
    >
      {props.running ? props.busyLabel : props.label}
    </button>
  );
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
        <ActionButton
          testid="mixpay-retry"
          label="Pay with MixPay"
          busyLabel="Starting the payment…"
          running={busy === "retry"}
          disabled={busy !== null}
          primary
          onClick={() => void state.retry()}
        />
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
          <ActionButton
            testid="mixpay-cancel"
            label="Cancel payment"
            busyLabel="Cancelling…"
            running={busy === "cancel"}
            disabled={busy !== null}
            onClick={() => void state.cancel()}
          />
        )}
        {view.canRetry && (
          <ActionButton
            testid="mixpay-retry"
            label="Start a new payment"
            busyLabel="Starting a new payment…"
            running={busy === "retry"}
            disabled={busy !== null}
            primary
            onClick={() => void state.retry()}
          />
        )}
        {state.placeOrderFailed && (
          <ActionButton
            testid="mixpay-place-order"
            label="Place the order"
            busyLabel="Placing your order…"
            running={busy === "place-order"}
            disabled={busy !== null}
            primary
            onClick={() => void state.placeOrderAgain()}
          />
        )}
      </div>
    </section>
  );
}
