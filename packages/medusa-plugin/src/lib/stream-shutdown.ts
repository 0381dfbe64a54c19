/**
 * Medusa's graceful shutdown (`medusa start` on SIGTERM or SIGINT) closes the HTTP server and waits for every open
 * response before the process exits, so an open sale stream would hold a deploy up to its 30-minute lifetime. Streams
 * register here and are ended as soon as the process is told to stop (the screens reconnect to another server or
 * poll). Only signals someone already handles are hooked: where nobody does, the signal ends the process anyway,
 * and a listener of ours would stop Node's default exit.
 */

type SignalSource = Pick<NodeJS.Process, "listenerCount" | "once">;

const SIGNALS = ["SIGTERM", "SIGINT"] as const;

export class StreamShutdown {
  readonly #open = new Set<() => void>();
  readonly #hooked = new Set<string>();
  readonly #source: SignalSource;

  constructor(source: SignalSource = process) {
    this.#source = source;
  }

  /** Ends `stop` when the process is told to stop; returns the removal (call it when the stream ends). */
  register(stop: () => void): () => void {
    for (const signal of SIGNALS) {
      if (this.#hooked.has(signal) || this.#source.listenerCount(signal) === 0) continue;
      this.#hooked.add(signal);
      this.#source.once(signal, () => {
        this.#hooked.delete(signal);
        this.endAll();
      });
    }
    this.#open.add(stop);
    return () => this.#open.delete(stop);
  }

  /** Ends every registered stream now. */
  endAll(): void {
    for (const stop of [...this.#open]) stop();
    this.#open.clear();
  }
}
