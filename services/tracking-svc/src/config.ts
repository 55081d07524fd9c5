import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import * as z from 'zod/mini';

export interface TrackingConfig {
  readonly rateLimitPerMinute: number;
  readonly historyTtlDays: number;
}

/** The last configuration read, keyed by its raw env values: parsed again only when they change. */
let cached: { readonly raw: string; readonly config: TrackingConfig } | undefined;

/**
 * Tracking configuration from the env. Called on every location update, so it only compares two
 * strings unless the env changed.
 */
export function trackingConfig(env: NodeJS.ProcessEnv = process.env): TrackingConfig {
  const raw = `${env[ENV.trackingRateLimitPerMinute]}|${env[ENV.trackingHistoryTtlDays]}`;
  if (cached?.raw === raw) return cached.config;
  const config = loadConfig(
    {
      [ENV.trackingRateLimitPerMinute]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1_000_000)), 120),
      [ENV.trackingHistoryTtlDays]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(365)), 7),
    },
    env,
  );
  cached = {
    raw,
    config: {
      rateLimitPerMinute: config[ENV.trackingRateLimitPerMinute] as number,
      historyTtlDays: config[ENV.trackingHistoryTtlDays] as number,
    },
  };
  return cached.config;
}
