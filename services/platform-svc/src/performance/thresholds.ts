import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { z } from 'zod';

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
  const share = z.coerce.number().min(0).max(1);
  const config = loadConfig(
    {
      [ENV.perfResponseTimeMs]: z.coerce.number().positive().default(1000),
      [ENV.perfErrorRate]: share.default(0.05),
      [ENV.perfMemoryPercent]: z.coerce.number().positive().max(100).default(80),
      [ENV.perfCacheHitRate]: share.default(0.5),
      [ENV.perfColdStartRatio]: share.default(0.2),
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
