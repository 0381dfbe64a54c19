import { isSaleSettled, type PollerState, type StreamFetch, type WatchMode, watchSale } from "@mixpay-pos/sale-engine";
import { useEffect, useRef, useState } from "react";
import { MixpayApiError } from "../lib/client";
import { type TerminalSale, terminalSaleResponseSchema } from "../lib/schemas";
import { useMixpayClient } from "./context";

/** A sale's pushed-status stream: the view gives its URL (the engine and this package know no stream route). */
export interface SaleStreamSource {
  url: string;
  headers?: Record<string, string>;
  /** Default: the browser's fetch. */
  fetch?: StreamFetch;
}

export interface SaleStatus {
  sale: TerminalSale | null;
  /** The last polling error (cleared by the next success). */
  error: MixpayApiError | null;
  state: PollerState;
  /** "stream" while pushed updates arrive, "poll" otherwise. */
  mode: WatchMode;
  /** Re-check at once (e.g. a "Check now" button). */
  checkNow: () => void;
  /** Shows a sale the server answered another way (Cancel's answer); the watch ends once it is settled. */
  accept: (sale: TerminalSale) => void;
}

/**
 * Live status of a terminal sale, through the engine's `watchSale`: the sale's event stream when `stream` gives
 * one (each event is the poll route's body), else, and whenever the stream is down, polling the plugin (every 2 s,
 * backing off on errors, paused while the tab is hidden, re-checking when it comes back). Ends once the outcome
 * cannot change. `initial` is shown until the first answer (the sale as it was created, with its QR code).
 */
export function useSaleStatus(
  traceId: string | null,
  initial: TerminalSale | null,
  opts: { intervalMs?: number; stream?: ((traceId: string) => SaleStreamSource | null) | null } = {},
): SaleStatus {
  const client = useMixpayClient();
  const [sale, setSale] = useState<TerminalSale | null>(initial);
  const [error, setError] = useState<MixpayApiError | null>(null);
  const [state, setState] = useState<PollerState>("idle");
  const [mode, setMode] = useState<WatchMode>("poll");
  const watchRef = useRef<ReturnType<typeof watchSale<TerminalSale>> | null>(null);
  const initialRef = useRef(initial);
  initialRef.current = initial;
  const streamRef = useRef(opts.stream);
  streamRef.current = opts.stream;

  useEffect(() => {
    if (!traceId) {
      setSale(null);
      setState("idle");
      return;
    }
    const start = initialRef.current?.trace_id === traceId ? initialRef.current : null;
    // The QR code is asked for only while there is none (a sale resumed after a reload); polls stay small.
    let haveQr = Boolean(start?.qr_svg);
    setSale(start);
    setError(null);
    const source = streamRef.current?.(traceId) ?? null;
    const watch = watchSale<TerminalSale>({
      intervalMs: opts.intervalMs ?? 2000,
      check: (signal) => client.getSale(traceId, { qr: !haveQr, signal }),
      onResult: (next) => {
        if (next.qr_svg) haveQr = true;
        setSale((prev) => ({ ...next, qr_svg: next.qr_svg ?? prev?.qr_svg ?? null }));
        setError(null);
      },
      onError: (e) => setError(e instanceof MixpayApiError ? e : new MixpayApiError(String(e), null)),
      onStateChange: setState,
      onModeChange: setMode,
      isDone: isSaleSettled,
      stream: source
        ? {
            url: source.url,
            credentials: "include",
            parse: (json) => terminalSaleResponseSchema.parse(json).sale,
            ...(source.headers ? { headers: source.headers } : {}),
            ...(source.fetch ? { fetch: source.fetch } : {}),
          }
        : null,
    });
    watchRef.current = watch;
    watch.start();
    return () => {
      watch.stop();
      watchRef.current = null;
    };
  }, [client, traceId, opts.intervalMs]);

  const accept = (next: TerminalSale) => {
    setSale((prev) => ({ ...next, qr_svg: next.qr_svg ?? prev?.qr_svg ?? null }));
    if (isSaleSettled(next)) watchRef.current?.stop();
  };
  return { sale, error, state, mode, checkNow: () => watchRef.current?.checkNow(), accept };
}

/** The current time, re-rendered every `intervalMs` (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
