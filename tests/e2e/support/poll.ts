import { POLL_INTERVAL_MS, POLL_TIMEOUT_MS } from './constants';
import { WaitTimeoutError } from './errors';

export interface WaitOptions {
  /** What is awaited, for the timeout message. */
  readonly what: string;
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns a value other than `undefined` (the condition holds), bounded.
 * The last value seen goes into the timeout message through `describe`, so a failure says what
 * the system showed instead.
 *
 * @example
 * const offer = await waitFor(async () => (await offers()).find((o) => o.incidentId === id), { what: 'the offer' });
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  { what, timeoutMs = POLL_TIMEOUT_MS, intervalMs = POLL_INTERVAL_MS }: WaitOptions,
  describe: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) {
      const seen = describe();
      throw new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${what}${seen ? `; last seen: ${seen}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
