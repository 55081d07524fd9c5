import { BACKOFF_BASE_MS, BACKOFF_CAP_MS } from './constants';

export interface BackoffOptions {
  readonly baseMs?: number;
  readonly capMs?: number;
  /** Random source in [0, 1) for tests. */
  readonly random?: () => number;
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a random delay in [0, min(cap, base * 2^attempt)). Full jitter spreads retrying callers apart,
 * so a throttled table is not hit again by all of them at the same instant.
 *
 * @example
 * await sleep(backoffDelay(attempt)); // attempt 0, 1, 2, ...
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? BACKOFF_BASE_MS;
  const cap = options.capMs ?? BACKOFF_CAP_MS;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt));
  return Math.floor((options.random ?? Math.random)() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
