import {
  RETRY_BASE_MS,
  RETRY_BUDGET_MS,
  RETRY_CAP_MS,
  SERIALIZATION_SQLSTATES,
  TRANSIENT_MESSAGES,
  TRANSIENT_NETWORK_CODES,
  TRANSIENT_SQLSTATES,
} from './constants';

/** How long to keep retrying and how to space the attempts. */
export interface RetryPolicy {
  /** Total time (ms) the attempts and sleeps may take; no new sleep starts past it. */
  readonly budgetMs: number;
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { budgetMs: RETRY_BUDGET_MS, baseMs: RETRY_BASE_MS, capMs: RETRY_CAP_MS };

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True for a serialization failure (40001) or deadlock (40P01): the server rolled the transaction back. */
export function isSerializationFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && SERIALIZATION_SQLSTATES.has(code);
}

/**
 * True when the error means "the server or the network failed, try again": connection
 * reset/refused, admin/crash shutdown, too many connections, connection exceptions, and the
 * serialization/deadlock family. Constraint violations, syntax errors and timeouts are not.
 */
export function isTransientError(error: unknown): boolean {
  // Shape checks, not instanceof: errors raised by Node's core (net, tls) come from another realm
  // under test runners and bundlers, and would fail an `instanceof Error`.
  if (typeof error !== 'object' || error === null) return false;
  const { message, cause, errors } = error as { message?: unknown; cause?: unknown; errors?: unknown };
  const code = codeOf(error);
  if (code && (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_NETWORK_CODES.has(code))) return true;
  // AggregateError from a dual-stack connect (both ::1 and 127.0.0.1 refused).
  if (Array.isArray(errors) && errors.some(isTransientError)) return true;
  if (code === undefined && typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return cause !== undefined && cause !== error && isTransientError(cause);
}

/** True when the connection itself is broken (the client must be destroyed, not reused). */
export function isConnectionError(error: unknown): boolean {
  return isTransientError(error) && !isSerializationFailure(error) && codeOf(error) !== '53300';
}

/**
 * The next sleep of AWS's "decorrelated jitter" backoff: random between `base` and three times
 * the previous sleep, capped. Spreads a herd of retrying clients better than plain exponential.
 *
 * @example
 * let sleep = policy.baseMs;
 * sleep = decorrelatedJitter(sleep, policy); // 25..75 ms, then up to 3x that, never above capMs
 */
export function decorrelatedJitter(
  previousMs: number,
  policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>,
  random: () => number = Math.random,
): number {
  const upper = Math.max(policy.baseMs, previousMs * 3);
  return Math.min(policy.capMs, policy.baseMs + random() * (upper - policy.baseMs));
}

/** What {@link retryTransient} did, for statistics and tests. */
export interface RetryOutcome<T> {
  readonly value: T;
  readonly attempts: number;
}

/** Thrown by {@link retryTransient} when the budget ran out; `cause` is the last error. */
export class RetryBudgetExhausted extends Error {
  readonly attempts: number;
  constructor(attempts: number, cause: unknown) {
    super(`gave up after ${attempts} attempt(s): ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'RetryBudgetExhausted';
    this.attempts = attempts;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, retrying errors `shouldRetry` accepts with decorrelated-jitter
 * sleeps while the budget allows. A non-retryable error is rethrown as is; an exhausted budget
 * throws {@link RetryBudgetExhausted}.
 */
export async function retryTransient<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: { policy?: RetryPolicy; shouldRetry?: (error: unknown) => boolean; onRetry?: (error: unknown, delayMs: number) => void } = {},
): Promise<RetryOutcome<T>> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const shouldRetry = options.shouldRetry ?? isTransientError;
  const deadline = performance.now() + policy.budgetMs;
  let delay = policy.baseMs;
  for (let attempts = 1; ; attempts++) {
    try {
      return { value: await attempt(attempts), attempts };
    } catch (error) {
      if (!shouldRetry(error)) throw error;
      delay = decorrelatedJitter(delay, policy);
      if (performance.now() + delay > deadline) throw new RetryBudgetExhausted(attempts, error);
      options.onRetry?.(error, delay);
      await sleep(delay);
    }
  }
}
