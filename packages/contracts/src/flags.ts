import { CACHE_NAMESPACES } from './cache';

/**
 * The feature flags an admin may set (PUT /admin/flags/{name}) and services read without a
 * deploy. A flag that is not set answers its `default`; the value set must satisfy the flag's
 * kind and bounds. Defaults here are the behaviour with no flag set: the services' own env
 * defaults apply then (the flag overrides them only once an admin sets it).
 */
export interface FeatureFlagSpec {
  readonly description: string;
  /** `number`: one number in [min, max] (integer when `integer`); `numbers`: a non-empty list of them; `boolean`. */
  readonly kind: 'number' | 'numbers' | 'boolean';
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** The service that reads the flag (documentation; the flags table is the platform service's). */
  readonly readBy: string;
}

export const FEATURE_FLAGS = {
  'matching.radiiKm': {
    description: 'Widening search radii (km) of vendor matching, in order; overrides INCIDENT_MATCH_RADII_KM.',
    kind: 'numbers',
    min: 0.1,
    max: 100,
    readBy: 'incidents (matching)',
  },
  'matching.offerBatchSize': {
    description: 'Vendors offered an incident at once per matching round; overrides INCIDENT_OFFER_BATCH_SIZE.',
    kind: 'number',
    integer: true,
    min: 1,
    max: 50,
    readBy: 'incidents (matching)',
  },
  'matching.paused': {
    description: 'When true, matching rounds make no new offers (incidents wait, the deadline still escalates them).',
    kind: 'boolean',
    readBy: 'incidents (matching)',
  },
} as const satisfies Record<string, FeatureFlagSpec>;

export type FeatureFlagName = keyof typeof FEATURE_FLAGS;

/**
 * How stale a flag may be in another container after it changes: the update invalidates every
 * container's copy through the cache's pub/sub at once. If that message is lost, or a reader that
 * loaded the flags before the change writes them back after it (the cache-aside race), the copy
 * still expires with the namespace TTL (no in-process copy outlives it either: L1 entries keep
 * their L2 expiry and the L1 cap, `CACHE_TIMINGS.l1MaxTtlSeconds`, is not longer).
 */
export const FEATURE_FLAG_MAX_STALENESS_SECONDS: number = CACHE_NAMESPACES.featureFlags.ttlSeconds;
