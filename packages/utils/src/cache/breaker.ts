import { EventEmitter } from 'node:events';
import { BREAKER_FAILURE_THRESHOLD, BREAKER_RESET_MS } from './constants';
import type { CacheBreakerState } from './types';

export interface BreakerOptions {
  readonly failureThreshold?: number;
  readonly resetMs?: number;
  /** Health probe run while open; resolving closes the breaker, rejecting keeps it open. */
  readonly probe: () => Promise<unknown>;
}

/**
 * The L2 circuit breaker. `failureThreshold` consecutive failures (errors or timeouts) open it:
 * callers then skip Redis entirely (reads go to the next tier or the source, writes are dropped).
 * While open it probes Redis every `resetMs` on an unref'd timer and closes by itself when a
 * probe answers, so recovery needs no traffic. Emits `open` and `close`.
 */
export class CircuitBreaker extends EventEmitter {
  #state: 'closed' | 'open' = 'closed';
  #failures = 0;
  #timer: NodeJS.Timeout | undefined;
  #disposed = false;
  readonly #threshold: number;
  readonly #resetMs: number;
  readonly #probe: () => Promise<unknown>;

  constructor(options: BreakerOptions) {
    super();
    this.#threshold = options.failureThreshold ?? BREAKER_FAILURE_THRESHOLD;
    this.#resetMs = options.resetMs ?? BREAKER_RESET_MS;
    this.#probe = options.probe;
  }

  /** True when calls may go to Redis. */
  get closed(): boolean {
    return this.#state === 'closed';
  }

  get state(): CacheBreakerState {
    return this.#timer && this.#state === 'open' ? 'open' : this.#state === 'open' ? 'half-open' : 'closed';
  }

  success(): void {
    this.#failures = 0;
  }

  failure(): void {
    if (this.#state === 'open') return;
    this.#failures += 1;
    if (this.#failures >= this.#threshold) this.#open();
  }

  /** Opens at once (a dead connection needs no threshold). */
  trip(): void {
    if (this.#state !== 'open') this.#open();
  }

  dispose(): void {
    this.#disposed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.removeAllListeners();
  }

  #open(): void {
    this.#state = 'open';
    this.emit('open');
    this.#schedule();
  }

  #schedule(): void {
    if (this.#disposed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#probe().then(
        () => {
          this.#state = 'closed';
          this.#failures = 0;
          this.emit('close');
        },
        () => this.#schedule(),
      );
    }, this.#resetMs);
    this.#timer.unref();
  }
}
