import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { CALLBACK_SUCCESS_REPLY, type CallbackEvent } from "@mixpay-pos/protocol";
import { callbackDelaysOf } from "./lifecycle.js";
import type { Environment, Faults, Lifecycle } from "./options.js";
import type { CallbackDelivery } from "./state.js";

/**
 * Callback delivery: POST `{orderId, traceId, payeeId}` as JSON to the payment's callbackUrl (outside production
 * also `callbackEvent`, the event's name). Only HTTP 200 whose body is exactly the JSON object {"code":"SUCCESS"}
 * counts; anything else (another 2xx, extra keys, a non-JSON body, no answer within the timeout) is retried after
 * MixPay's delays, each multiplied by callbackTimeScale: 0/15/15/30/180/1800/1800/1800/1800 s, 9 attempts in all
 * (legacy lifecycle: the same plus 3600 s, 10 attempts). Each event of a payment runs its own schedule; attempts for
 * one payment are sent one at a time, in order.
 *
 * With a `sourceAddress` the POST goes out through node:http/https bound to that local address (e.g. 127.0.0.2, so
 * a receiver can tell the simulator's callbacks from other local callers); otherwise through `fetch`.
 */

export interface CallbackTarget {
  traceId: string;
  orderId: string;
  payeeId: string;
  callbackUrl: string;
  /** The payment's lifecycle decides the retry schedule. */
  lifecycle: Lifecycle;
}

export interface DispatcherDeps {
  now: () => number;
  timeScale: () => number;
  environment: () => Environment;
  faults: () => Faults;
  fetch: () => typeof fetch;
  timeoutMs: number;
  forwardedFor?: string;
  /** The local address callbacks are sent from (node:http/https with `localAddress`); unset: `fetch` is used. */
  sourceAddress?: string;
  record: (traceId: string, delivery: CallbackDelivery) => void;
}

interface HeldEvent {
  target: CallbackTarget;
  event: CallbackEvent;
}

export class CallbackDispatcher {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Scheduled + in-flight attempts; idle() waits for 0. */
  private busy = 0;
  private waiters: (() => void)[] = [];
  /** Per-payment queue so attempts for one payment never overlap and keep their order. */
  private readonly chains = new Map<string, Promise<void>>();
  /** "reorder" fault: events held per payment until it is final, then sent newest first. */
  private readonly held = new Map<string, HeldEvent[]>();
  private closed = false;
  /** Bumped by cancelAll(): attempts of an older generation neither record nor retry. */
  private generation = 0;
  /** Keep-alive agents for callbacks sent from `sourceAddress`, made on first use and destroyed by close(). */
  private agents: { http: HttpAgent; https: HttpsAgent } | undefined;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Sends the given events of one payment (already filtered by subscription). `final`: the payment is success/failed. */
  dispatch(target: CallbackTarget, events: readonly CallbackEvent[], final: boolean): void {
    if (this.closed || events.length === 0) return;
    const mode = this.deps.faults().callbacks;
    if (mode === "reorder") {
      const list = this.held.get(target.traceId) ?? [];
      for (const event of events) list.push({ target, event });
      this.held.set(target.traceId, list);
      if (final) this.flush(target.traceId);
      return;
    }
    for (const event of events) this.start(target, event);
  }

  /** Sends every held event now (newest first). Called when a reorder fault is lifted. */
  flushAll(): void {
    for (const traceId of [...this.held.keys()]) this.flush(traceId);
  }

  private flush(traceId: string): void {
    const list = this.held.get(traceId) ?? [];
    this.held.delete(traceId);
    for (const { target, event } of list.reverse()) this.start(target, event);
  }

  private start(target: CallbackTarget, event: CallbackEvent): void {
    const faults = this.deps.faults();
    if (faults.callbacks === "drop") {
      this.deps.record(target.traceId, {
        event,
        attempt: 0,
        atMs: this.deps.now(),
        httpStatus: null,
        ok: false,
        dropped: true,
        error: "dropped by fault callbacks=drop",
      });
      return;
    }
    const initialDelay = faults.callbacks === "delay" ? faults.callbackDelayMs : 0;
    const first = initialDelay + this.delayBefore(target, 1);
    this.schedule(target, event, 1, first, false);
    if (faults.callbacks === "duplicate") this.schedule(target, event, 1, first, true);
  }

  /** Real milliseconds before attempt n (1-based), after the previous one. */
  private delayBefore(target: CallbackTarget, attempt: number): number {
    const seconds = callbackDelaysOf(target.lifecycle)[attempt - 1] ?? 0;
    return seconds * 1000 * this.deps.timeScale();
  }

  private schedule(target: CallbackTarget, event: CallbackEvent, attempt: number, delayMs: number, dup: boolean): void {
    if (this.closed) return;
    this.busy++;
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const previous = this.chains.get(target.traceId) ?? Promise.resolve();
      const next = previous
        .then(() => this.attempt(target, event, attempt, dup, generation))
        .finally(() => this.done());
      this.chains.set(target.traceId, next);
      void next.finally(() => {
        if (this.chains.get(target.traceId) === next) this.chains.delete(target.traceId);
      });
    }, delayMs);
    timer.unref?.();
    this.timers.add(timer);
  }

  private async attempt(
    target: CallbackTarget,
    event: CallbackEvent,
    attempt: number,
    dup: boolean,
    generation: number,
  ): Promise<void> {
    if (this.closed || generation !== this.generation) return;
    const outcome = await this.post(target, event);
    if (this.closed || generation !== this.generation) return;
    const delivery: CallbackDelivery = { event, attempt, atMs: this.deps.now(), ...outcome };
    if (dup) delivery.duplicate = true;
    this.deps.record(target.traceId, delivery);
    if (!outcome.ok && attempt < callbackDelaysOf(target.lifecycle).length) {
      this.schedule(target, event, attempt + 1, this.delayBefore(target, attempt + 1), dup);
    }
  }

  private async post(
    target: CallbackTarget,
    event: CallbackEvent,
  ): Promise<Pick<CallbackDelivery, "httpStatus" | "ok" | "error" | "reply">> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "user-agent": "MixPay-Simulator/0.1",
    };
    if (this.deps.forwardedFor) headers["x-forwarded-for"] = this.deps.forwardedFor;
    // The whole exchange (answer and body) must finish within the timeout, as at MixPay.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new Error(`no answer within ${this.deps.timeoutMs} ms`)),
      this.deps.timeoutMs,
    );
    timer.unref?.();
    try {
      const body = JSON.stringify(callbackBody(target, event, this.deps.environment()));
      const response = this.deps.sourceAddress
        ? await this.postFrom(this.deps.sourceAddress, target.callbackUrl, headers, body, timeout.signal)
        : await this.deps.fetch()(target.callbackUrl, { method: "POST", headers, body, signal: timeout.signal });
      const text = await response.text();
      const ok = response.status === 200 && isExactSuccessReply(text);
      const result: Pick<CallbackDelivery, "httpStatus" | "ok" | "error" | "reply"> = {
        httpStatus: response.status,
        ok,
        reply: text.slice(0, 200),
      };
      if (!ok) result.error = `reply was HTTP ${response.status} ${text.slice(0, 80)}, expected 200 {"code":"SUCCESS"}`;
      return result;
    } catch (error) {
      const reason: unknown = timeout.signal.aborted ? timeout.signal.reason : error;
      return { httpStatus: null, ok: false, error: reason instanceof Error ? reason.message : String(reason) };
    } finally {
      clearTimeout(timer);
    }
  }

  /** POST through node:http/https from `localAddress`: the answer's status and whole body, or an error. */
  private postFrom(
    localAddress: string,
    url: string,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<{ status: number; text: () => Promise<string> }> {
    return new Promise((resolve, reject) => {
      const target = new URL(url);
      if (target.protocol !== "http:" && target.protocol !== "https:") {
        reject(new Error(`cannot send a callback to ${target.protocol} URLs`));
        return;
      }
      this.agents ??= { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
      const send = target.protocol === "https:" ? httpsRequest : httpRequest;
      const payload = Buffer.from(body, "utf8");
      // Resolve the host in the source address's family (an IPv4 source cannot reach "localhost" as ::1).
      const family = isIP(localAddress);
      const req = send(
        target,
        {
          method: "POST",
          headers: { ...headers, "content-length": String(payload.length) },
          agent: target.protocol === "https:" ? this.agents.https : this.agents.http,
          localAddress,
          ...(family === 4 || family === 6 ? { family } : {}),
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("error", reject);
          res.on("close", () => {
            if (!res.complete) reject(new Error("the connection closed before the answer was complete"));
          });
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, text: () => Promise.resolve(text) });
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  private done(): void {
    this.busy = Math.max(0, this.busy - 1);
    if (this.busy === 0) this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves when no attempt is scheduled or in flight (held "reorder" events don't count). */
  idle(): Promise<void> {
    if (this.busy === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Cancels every scheduled attempt and forgets held events; attempts in flight finish without effect. */
  cancelAll(): void {
    this.generation++;
    for (const t of this.timers) clearTimeout(t);
    this.busy = Math.max(0, this.busy - this.timers.size);
    this.timers.clear();
    this.held.clear();
    if (this.busy === 0) this.wakeWaiters();
  }

  close(): void {
    this.cancelAll();
    this.agents?.http.destroy();
    this.agents?.https.destroy();
    this.agents = undefined;
    this.closed = true;
    this.busy = 0;
    this.wakeWaiters();
  }
}

/** What a callback carries: `{orderId, traceId, payeeId}`, plus `callbackEvent` outside production. */
export function callbackBody(
  target: CallbackTarget,
  event: CallbackEvent,
  environment: Environment,
): Record<string, string> {
  const body: Record<string, string> = { orderId: target.orderId, traceId: target.traceId, payeeId: target.payeeId };
  if (environment === "non-production") body["callbackEvent"] = event;
  return body;
}

/** True only for a JSON object whose one key is `code` with the value "SUCCESS". */
export function isExactSuccessReply(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return false;
  const keys = Object.keys(parsed);
  return keys.length === 1 && keys[0] === "code" && "code" in parsed && parsed.code === CALLBACK_SUCCESS_REPLY.code;
}
