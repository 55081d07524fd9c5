import type { SseStream } from './streamHandler';

/** Polling cadence, keep-alive and lifetime of a polling SSE loop (injectable so tests need not wait). */
export interface SseTiming {
  /** How often the loop reads its source. */
  readonly pollMs: number;
  /** A `: keep-alive` comment after this long without a write (proxies close quiet connections). */
  readonly keepAliveMs: number;
  /** The stream is closed after this long; EventSource reconnects by itself. */
  readonly maxDurationMs: number;
}

/** What a polling SSE loop asks between two reads. */
export interface SsePacer {
  /** Marks a write (an event), which resets the keep-alive clock. */
  sent(): void;
  /**
   * False once the stream should end: the client left, or the lifetime is reached (the client
   * is told so in a comment first). Otherwise sends a keep-alive comment when one is due.
   */
  goOn(): boolean;
  /** Waits for the next poll, or less when the client leaves. */
  wait(): Promise<void>;
}

/**
 * The lifetime and keep-alive of a polling SSE loop, for every streaming route alike: the jobs
 * progress stream and the live events channel read their source, send what is new, and ask this
 * between reads.
 *
 * @example
 * const pace = ssePacer(sse, { pollMs: 500, keepAliveMs: 15_000, maxDurationMs: 300_000 }, 'reconnect to continue');
 * do {
 *   for (const event of await readNew()) {
 *     sse.send(event.type, event.data);
 *     pace.sent();
 *   }
 * } while (pace.goOn() && (await pace.wait(), !sse.closed));
 */
export function ssePacer(sse: SseStream, timing: SseTiming, reconnectHint: string): SsePacer {
  const started = Date.now();
  let lastSent = started;
  return {
    sent: () => {
      lastSent = Date.now();
    },
    goOn: () => {
      if (sse.closed) return false;
      const now = Date.now();
      if (now - started >= timing.maxDurationMs) {
        sse.comment(`closing: stream lifetime reached, ${reconnectHint}`);
        return false;
      }
      if (now - lastSent >= timing.keepAliveMs) {
        sse.comment('keep-alive');
        lastSent = now;
      }
      return true;
    },
    wait: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(timing.pollMs, timing.keepAliveMs));
        void sse.whenClosed.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
