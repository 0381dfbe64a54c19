import { MedusaError } from "@medusajs/framework/utils";
import { MIXPAY_ERROR_TYPES } from "@mixpay-pos/core";

/** How long a refused client is told to wait before trying a stream again (it polls meanwhile). */
export const STREAM_RETRY_AFTER_SECONDS = 30;

/** A refused stream: answered 429 with Retry-After by api/errors.ts. */
export class TooManyStreamsError extends MedusaError {
  readonly retryAfterSeconds = STREAM_RETRY_AFTER_SECONDS;

  constructor(message: string) {
    super(MedusaError.Types.NOT_ALLOWED, message, MIXPAY_ERROR_TYPES.tooManyStreams);
  }
}

/**
 * Caps on open sale streams in one server process: `perClient` per client key (the route and the caller's address)
 * and `perProcess` in all. A stream holds a socket, two timers and one subscription, so these caps bound what a
 * stranger opening streams can make a process hold.
 */
export class StreamSlots {
  readonly #perClient: number;
  readonly #perProcess: number;
  readonly #byClient = new Map<string, number>();
  #total = 0;

  constructor(limits: { perClient: number; perProcess: number }) {
    this.#perClient = limits.perClient;
    this.#perProcess = limits.perProcess;
  }

  get open(): number {
    return this.#total;
  }

  /** Takes a slot for `client`, or throws TooManyStreamsError. The returned release may be called more than once. */
  acquire(client: string): () => void {
    const held = this.#byClient.get(client) ?? 0;
    if (held >= this.#perClient) {
      throw new TooManyStreamsError(
        `Too many open status streams from this address (${this.#perClient}); poll the status instead.`,
      );
    }
    if (this.#total >= this.#perProcess) {
      throw new TooManyStreamsError("This server holds as many status streams as it may; poll the status instead.");
    }
    this.#byClient.set(client, held + 1);
    this.#total += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#total -= 1;
      const left = (this.#byClient.get(client) ?? 1) - 1;
      if (left <= 0) this.#byClient.delete(client);
      else this.#byClient.set(client, left);
    };
  }
}
