import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { logger } from '@roadcall/utils/logger';
import * as z from 'zod/mini';
import { MAX_SQS_DELAY_SECONDS } from './constants';

/** Matching configuration (env-driven, so tests and benchmarks can use short windows). */
export interface MatchingConfig {
  /** Seconds an offer stays open (the delay of its timeout message). */
  readonly offerWindowSeconds: number;
  /** Seconds after creation an unmatched incident escalates. */
  readonly escalationSeconds: number;
  /** Widening search radii, km. */
  readonly radiiKm: ReadonlyArray<number>;
  /** Vendors offered at once per round. */
  readonly offerBatchSize: number;
  /** Where escalations are emailed. */
  readonly escalationEmail: string;
  /** No new offers while true (the `matching.paused` flag). */
  readonly paused?: boolean;
}

const radii = z.pipe(
  z.pipe(
    z.string(),
    z.transform((text: string) => text.split(',').map((part) => Number(part.trim()))),
  ),
  z.array(z.number().check(z.minimum(0.1), z.maximum(100))).check(z.minLength(1)),
);

/**
 * Reads the matching configuration from the env on every call: it is a handful of string parses,
 * and reading late lets a test change a window without reloading modules.
 *
 * @example
 * const { offerWindowSeconds } = matchingConfig();
 */
export function matchingConfig(env: NodeJS.ProcessEnv = process.env): MatchingConfig {
  const config = loadConfig(
    {
      [ENV.incidentOfferWindowSeconds]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_SQS_DELAY_SECONDS)), 20),
      [ENV.incidentEscalationSeconds]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(24 * 3600)), 60),
      [ENV.incidentMatchRadiiKm]: z._default(radii, [10, 25, 50]),
      [ENV.incidentOfferBatchSize]: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50)), 3),
      [ENV.incidentEscalationEmail]: z._default(z.email(), 'dispatch@roadcall.local'),
    },
    env,
  );
  return {
    offerWindowSeconds: config[ENV.incidentOfferWindowSeconds] as number,
    escalationSeconds: config[ENV.incidentEscalationSeconds] as number,
    radiiKm: [...(config[ENV.incidentMatchRadiiKm] as number[])].sort((a, b) => a - b),
    offerBatchSize: config[ENV.incidentOfferBatchSize] as number,
    escalationEmail: config[ENV.incidentEscalationEmail] as string,
  };
}

/** Reads the set feature flags (the platform service's port); injectable for tests. */
export type FlagReader = () => Promise<Partial<Record<string, unknown>>>;

/**
 * The matching configuration with the admin-set feature flags over the env defaults
 * (`matching.radiiKm`, `matching.offerBatchSize`, `matching.paused`): a flag change reaches the
 * next round in every container without a deploy. If the flags cannot be read, the env
 * configuration applies (matching never stops for want of a flag).
 *
 * @example
 * const config = await flaggedMatchingConfig(readFlags);
 */
export async function flaggedMatchingConfig(readFlags: FlagReader, env: NodeJS.ProcessEnv = process.env): Promise<MatchingConfig> {
  const base = matchingConfig(env);
  let flags: Partial<Record<string, unknown>>;
  try {
    flags = await readFlags();
  } catch (error) {
    logger.warn('Feature flags unreadable; matching uses its env configuration', { error: error as Error });
    return base;
  }
  const radii = flags['matching.radiiKm'];
  const batch = flags['matching.offerBatchSize'];
  const paused = flags['matching.paused'];
  return {
    ...base,
    ...(Array.isArray(radii) && radii.length > 0 ? { radiiKm: [...(radii as number[])].sort((a, b) => a - b) } : {}),
    ...(typeof batch === 'number' ? { offerBatchSize: batch } : {}),
    ...(typeof paused === 'boolean' ? { paused } : {}),
  };
}
