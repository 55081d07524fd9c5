import type { Context } from 'aws-lambda';
import { markInvocation } from '../warmer';
import { assertFunctionId } from './functionId';
import { observeInvocation } from './observe';

/** Options of {@link createScheduledHandler}. */
export interface ScheduledHandlerOptions<T> {
  /** The function's contract id, `<service>.<handler>` (e.g. `jobs.cleanup`). */
  readonly function: string;
  /** The work of one run; its result is the invocation's result (logged by EventBridge/the local stack). */
  readonly run: (event: unknown, context: Context | undefined) => Promise<T>;
  /** A result that counts as an error in the metrics although the run returned (e.g. some items failed). */
  readonly failed?: (result: T) => boolean;
}

export type ScheduledHandler<T> = (event?: unknown, context?: Context) => Promise<T>;

/**
 * Wraps a scheduled function (EventBridge rule) or deploy trigger the same way for every service:
 * cold-start mark and one recorded invocation (count, error, latency, cold start) under its
 * function id, flushed before the container freezes. No warmer short-circuit: the contracts never
 * mark a scheduled function warm (a contracts test checks it), so every event is a real run.
 *
 * @example
 * export const handler = createScheduledHandler({ function: 'jobs.cleanup', run: () => cleanupJobs() });
 */
export function createScheduledHandler<T>(options: ScheduledHandlerOptions<T>): ScheduledHandler<T> {
  const id = assertFunctionId(options.function);
  return async (event, context) => {
    const cold = markInvocation(id);
    return observeInvocation(id, cold, () => options.run(event, context), { flush: true, failed: options.failed });
  };
}
