import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import * as z from 'zod/mini';

/** The thresholds /performance/analyze applies: configuration (env vars in the contracts), never literals. */
export interface Thresholds {
  /** p95 latency (ms) above which a route or function is slow. */
  readonly responseTimeMs: number;
  /** Share of 5xx (0..1) above which a route is failing. */
  readonly errorRate: number;
  /** Memory use, percent of the function's memory, above which a container is close to its limit. */
  readonly memoryPercent: number;
  /** Hit rate (0..1) below which a cache namespace is not earning its keep. */
  readonly cacheHitRate: number;
  /** Cold starts per invocation (0..1) above which warming (or provisioned concurrency) is due. */
  readonly coldStartRatio: number;
}

/**
 * Reads the thresholds from env, with the defaults declared in the contracts' ENV_VARS.
 *
 * @example
 * const { responseTimeMs } = loadThresholds(); // PERF_RESPONSE_TIME_THRESHOLD_MS or 1000
 */
export function loadThresholds(env: NodeJS.ProcessEnv = process.env): Thresholds {
  const share = z.coerce.number().check(z.minimum(0), z.maximum(1));
  const config = loadConfig(
    {
      [ENV.perfResponseTimeMs]: z._default(z.coerce.number().check(z.positive()), 1000),
      [ENV.perfErrorRate]: z._default(share, 0.05),
      [ENV.perfMemoryPercent]: z._default(z.coerce.number().check(z.positive(), z.maximum(100)), 80),
      [ENV.perfCacheHitRate]: z._default(share, 0.5),
      [ENV.perfColdStartRatio]: z._default(share, 0.2),
    },
    env,
  ) as Record<string, number>;
  return {
    responseTimeMs: config[ENV.perfResponseTimeMs] as number,
    errorRate: config[ENV.perfErrorRate] as number,
    memoryPercent: config[ENV.perfMemoryPercent] as number,
    cacheHitRate: config[ENV.perfCacheHitRate] as number,
    coldStartRatio: config[ENV.perfColdStartRatio] as number,
  };
}
