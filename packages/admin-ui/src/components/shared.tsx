import { clx, Hint, Label, Select, StatusBadge, Text } from "@medusajs/ui";
import { countdown, deadlineLabel, type PaymentLike, paymentDisplay } from "@mixpay-pos/sale-engine";
import { type CSSProperties, type ReactNode, useEffect, useRef } from "react";
import { useNow } from "../hooks/sale-status";
import type { AssetOption } from "../lib/schemas";

/**
 * A payment status as a coloured badge, worded and coloured from the one status map (lib/status). Given the
 * payment (`payment`), a refund due is shown as "Refund due" whatever the status; `data-status` keeps the status.
 */
export function MixpayStatusBadge({
  status,
  payment,
  className,
}: {
  status?: string | null | undefined;
  payment?: PaymentLike | null;
  className?: string;
}) {
  const raw = payment?.status ?? status;
  const d = paymentDisplay(payment ?? { status: raw ?? "" });
  return (
    <StatusBadge
      color={d.color}
      className={className}
      data-testid="mixpay-status-badge"
      data-status={d.status === "unknown" ? (raw ?? "unknown") : d.status}
      data-refund-due={String(d.refundDue)}
      title={d.guidance}
    >
      {d.label}
    </StatusBadge>
  );
}

/**
 * The payment's QR code. The plugin renders it as SVG; it is shown through an <img> data URL, so markup from the
 * server is never put into the page. `payUrl` is shown under it for customers who cannot scan.
 */
export function MixpayQrCode({
  svg,
  payUrl,
  size = 320,
  fluid = false,
  className,
}: {
  svg: string | null | undefined;
  payUrl?: string | null;
  size?: number;
  /** Shrink to the width available (a phone), up to `size`, staying square. */
  fluid?: boolean;
  className?: string;
}) {
  const box = fluid
    ? { width: "100%", maxWidth: size, height: "auto", aspectRatio: "1" }
    : { width: size, height: size };
  return (
    <div className={clx("flex flex-col items-center gap-y-2", className)} style={fluid ? { width: "100%" } : undefined}>
      {svg ? (
        <img
          data-testid="mixpay-qr"
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          width={size}
          height={size}
          alt="QR code: scan with a crypto wallet to pay with MixPay"
          className="rounded-lg"
          style={{ imageRendering: "pixelated", background: "#fff", padding: 12, ...(fluid ? box : {}) }}
        />
      ) : (
        <div
          data-testid="mixpay-qr-loading"
          className="bg-ui-bg-subtle flex items-center justify-center rounded-lg"
          style={box}
        >
          <Text size="small" className="text-ui-fg-subtle">
            Loading QR code…
          </Text>
        </div>
      )}
      {payUrl ? (
        <a
          data-testid="mixpay-pay-link"
          href={payUrl}
          target="_blank"
          rel="noreferrer noopener"
          className="text-ui-fg-interactive txt-compact-small break-all text-center"
        >
          {payUrl}
        </a>
      ) : null}
    </div>
  );
}

const URGENCY_CLASS = {
  normal: "text-ui-fg-base",
  warning: "text-ui-tag-orange-text",
  critical: "text-ui-tag-red-text",
  expired: "text-ui-fg-muted",
} as const;

/**
 * Time left until `expiresAt` (MixPay's deadline), ticking every second; calls `onExpire` once when it reaches
 * zero. At zero it says what `status` means then (lib/countdown `deadlineLabel`): "Checking confirmations" while
 * confirming, "Deadline passed" while not final, "Expired" only for an expired payment.
 */
export function MixpayCountdown({
  expiresAt,
  status,
  onExpire,
  className,
  style,
}: {
  expiresAt: string | null | undefined;
  status?: string | null;
  onExpire?: () => void;
  className?: string;
  style?: CSSProperties;
}) {
  const now = useNow(1000);
  const c = countdown(expiresAt, now);
  const expired = c?.expired ?? false;
  const fired = useRef(false);
  useEffect(() => {
    if (expired && !fired.current) {
      fired.current = true;
      onExpire?.();
    }
    if (!expired) fired.current = false;
  }, [expired, onExpire]);
  if (!c) return null;
  return (
    <span
      data-testid="mixpay-countdown"
      data-urgency={c.urgency}
      data-remaining-seconds={c.remainingSeconds}
      className={clx("font-mono", URGENCY_CLASS[c.urgency], className)}
      style={{ fontVariantNumeric: "tabular-nums", ...style }}
      role="timer"
      aria-live="off"
    >
      {deadlineLabel(c, status)}
    </span>
  );
}

/** An asset as pickers and summaries show it: icon, symbol, chain (and its name). */
export function AssetLabel({ asset, fallbackId }: { asset: AssetOption | null | undefined; fallbackId?: string }) {
  if (!asset) {
    return (
      <span className="txt-compact-small font-mono" data-testid="mixpay-asset-label">
        {fallbackId || "—"}
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-x-2" data-testid="mixpay-asset-label" data-asset-id={asset.id}>
      {asset.iconUrl ? (
        <img
          src={asset.iconUrl}
          alt=""
          width={18}
          height={18}
          className="rounded-full"
          onError={(e) => {
            e.currentTarget.style.visibility = "hidden";
          }}
        />
      ) : null}
      <span className="txt-compact-small-plus">{asset.symbol}</span>
      {asset.chain ? <span className="txt-compact-small text-ui-fg-subtle">{asset.chain}</span> : null}
      {asset.name && asset.name !== asset.symbol ? (
        <span className="txt-compact-small text-ui-fg-muted">{asset.name}</span>
      ) : null}
    </span>
  );
}

/** An ISO time in the browser's locale; "—" when there is none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A label over its value (the order page's side column is narrow). */
export function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col py-1">
      <Text size="small" className="text-ui-fg-subtle">
        {label}
      </Text>
      <div className="txt-compact-small min-w-0 break-all" data-testid={testId}>
        {children}
      </div>
    </div>
  );
}

/** A labelled form field with its hint, or its error in place of the hint. */
export function Field({
  id,
  label,
  hint,
  error,
  testId,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="flex flex-col gap-y-2">
      <Label htmlFor={id} className="txt-compact-small-plus">
        {label}
      </Label>
      {children}
      {error ? (
        <Hint variant="error" data-testid={`${testId}-error`}>
          {error}
        </Hint>
      ) : hint ? (
        <Text size="small" className="text-ui-fg-subtle">
          {hint}
        </Text>
      ) : null}
    </div>
  );
}

const NONE = "__none__";

/** A picker over MixPay assets (settlement or quote list); a value MixPay no longer lists is still shown. */
export function AssetSelect({
  id,
  testId,
  value,
  options,
  loading,
  placeholder,
  allowNone,
  onChange,
}: {
  id: string;
  testId: string;
  value: string;
  options: AssetOption[];
  loading: boolean;
  placeholder: string;
  allowNone?: boolean;
  onChange: (value: string) => void;
}) {
  const current = options.find((o) => o.id.toLowerCase() === value.toLowerCase());
  // A saved value MixPay no longer lists is still shown (and the server will say so on save).
  const extra = value && !current ? [value] : [];
  return (
    <Select value={value === "" ? (allowNone ? NONE : "") : value} onValueChange={(v) => onChange(v === NONE ? "" : v)}>
      <Select.Trigger id={id} data-testid={testId} data-value={value} aria-busy={loading}>
        <Select.Value placeholder={loading ? "Loading MixPay's list…" : placeholder} />
      </Select.Trigger>
      <Select.Content data-testid={`${testId}-options`}>
        {allowNone ? (
          <Select.Item value={NONE} data-testid={`${testId}-option-none`}>
            None
          </Select.Item>
        ) : null}
        {extra.map((v) => (
          <Select.Item key={v} value={v}>
            <span className="font-mono">{v}</span> (not in MixPay's list)
          </Select.Item>
        ))}
        {options.map((o) => (
          <Select.Item key={o.id} value={o.id} data-testid={`${testId}-option`} data-asset-id={o.id}>
            <AssetLabel asset={o} />
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  );
}
