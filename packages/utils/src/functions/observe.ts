import { flushMetrics, recordInvocation } from '../metrics';

/**
 * Runs one invocation of a non-HTTP function and records it (count, error, latency, cold start)
 * under the function's id, the series `/performance/metrics` lists beside the routes. With
 * `flush`, the figures are shipped before returning: a scheduled function may not run again for
 * minutes, and a frozen container flushes nothing.
 *
 * @example
 * return observeInvocation('jobs.cleanup', cold, () => cleanupJobs(), { flush: true });
 */
export async function observeInvocation<T>(
  functionId: string,
  cold: boolean,
  run: () => Promise<T>,
  options: { readonly flush?: boolean; readonly failed?: (result: T) => boolean } = {},
): Promise<T> {
  const started = performance.now();
  let error = true;
  try {
    const result = await run();
    error = options.failed?.(result) ?? false;
    return result;
  } finally {
    recordInvocation(functionId, { latencyMs: performance.now() - started, cold, error });
    if (options.flush) await flushMetrics();
  }
}
