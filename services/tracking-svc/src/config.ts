import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { z } from 'zod';

export interface TrackingConfig {
  readonly rateLimitPerMinute: number;
  readonly historyTtlDays: number;
}

/** Tracking configuration from the env, read once per container (it does not change while warm). */
let cached: TrackingConfig | undefined;

export function trackingConfig(env: NodeJS.ProcessEnv = process.env, fresh = false): TrackingConfig {
  if (cached && !fresh) return cached;
  const config = loadConfig(
    {
      [ENV.trackingRateLimitPerMinute]: z.coerce.number().int().min(1).max(1_000_000).default(120),
      [ENV.trackingHistoryTtlDays]: z.coerce.number().int().min(1).max(365).default(7),
    },
    env,
  );
  cached = {
    rateLimitPerMinute: config[ENV.trackingRateLimitPerMinute] as number,
    historyTtlDays: config[ENV.trackingHistoryTtlDays] as number,
  };
  return cached;
}
