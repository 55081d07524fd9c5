import type { CacheNamespace } from './types';

const MINUTE = 60;

/**
 * The cache namespaces and their TTLs: the source systems' catalog, kept to what a roadside
 * platform uses. `null` TTL means no expiry: the entry lives until it is invalidated on update.
 * Every namespace is read by at least one route (`cache.namespace` or `readsCache` in the route
 * contracts; the contract test fails on an unused one). Left out on purpose, with no honest
 * roadside use: content moderation, support tickets, engagement reports, API usage (the metrics
 * routes cover it), billing and user activity (the payments list and `GET /me` cover them), and
 * the long-term and traffic aggregates (no route reads them; docs/cache.md, "Catalog").
 */
export const CACHE_NAMESPACES = {
  platformMetrics: {
    name: 'platform-metrics',
    ttlSeconds: 5 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Platform metrics: incidents, assignment times, revenue and active vendors per metro (GET /analytics/platform).',
  },
  systemHealth: {
    name: 'system-health',
    ttlSeconds: 60,
    tiers: ['memory', 'redis'],
    description: 'The deep health report, shared by every container for 60 s (GET /health).',
  },
  featureFlags: {
    name: 'feature-flags',
    // Not `null`: a reader that scanned the table before a change and writes after the change
    // dropped the entry puts the old flags back (cache-aside race); the TTL bounds how long they
    // stay (FEATURE_FLAG_MAX_STALENESS_SECONDS). Costs one small Scan per TTL across the fleet.
    ttlSeconds: 10,
    // No DynamoDB tier: the flags' source is a DynamoDB table already; an L3 copy would cost the same read.
    tiers: ['memory', 'redis'],
    description: 'Feature flags (matching radii, offer batch size); invalidated on update in every container, expire after 10 s.',
  },
  auditLogs: {
    name: 'audit-logs',
    ttlSeconds: 2 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Pages of the admin audit log (GET /admin/audit); invalidated when an action is recorded.',
  },
  me: {
    name: 'me',
    ttlSeconds: 5 * MINUTE,
    tiers: ['memory', 'redis'],
    perUser: true,
    description: "A caller's own summary (GET /me): profile, vehicles, active incident; invalidated when their incidents change.",
  },
  vendorProfile: { name: 'vendor-profile', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Vendor profiles.' },
  vendorSearch: {
    name: 'vendor-search',
    ttlSeconds: 60,
    tiers: ['memory', 'redis'],
    description: 'Vendor search results by location cell, radius and filters.',
  },
  revenue: {
    name: 'revenue',
    ttlSeconds: 5 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Revenue analytics; invalidated by each view refresh.',
  },
  products: {
    name: 'products',
    ttlSeconds: 10 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Performance per service type (towing, jump start, ...): GET /analytics/service-types; invalidated by each view refresh.',
  },
  customers: {
    name: 'customers',
    ttlSeconds: 20 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Driver behaviour (payments per driver, spend, recency): GET /analytics/drivers; invalidated by each view refresh.',
  },
} as const satisfies Record<string, CacheNamespace>;

export type CacheNamespaceKey = keyof typeof CACHE_NAMESPACES;

/**
 * The cache engine's own timings (seconds unless named `Ms`). The L1 cap is the staleness bound
 * when a cross-container invalidation message is missed: no in-process entry outlives it.
 */
export const CACHE_TIMINGS = {
  /** Max life of an L1 (in-process) entry, whatever the namespace TTL: bounds cross-container staleness. */
  l1MaxTtlSeconds: 10,
  /** How long a not-found is cached when negative caching is on and no TTL is given. */
  negativeTtlSeconds: 30,
  /** Default grace: how long an expired value may still be served if its refresh fails or is slow. */
  graceSeconds: 0,
  /** The cross-container stampede lock: how long it holds, and how long others wait for its value. */
  lockTtlMs: 5_000,
  lockWaitMs: 3_000,
  /** A Redis command slower than this counts as a failure for the circuit breaker. */
  l2TimeoutMs: 250,
  /** The breaker opens after this many consecutive L2 failures and probes again after `breakerResetMs`. */
  breakerFailureThreshold: 3,
  breakerResetMs: 1_000,
} as const;

/** A namespace by its key (`vendorProfile`) or its name (`vendor-profile`); `undefined` if unknown. */
export function findCacheNamespace(keyOrName: string): (typeof CACHE_NAMESPACES)[CacheNamespaceKey] | undefined {
  // Own properties only: `toString` or `__proto__` must not find Object.prototype's members.
  const byKey = Object.hasOwn(CACHE_NAMESPACES, keyOrName)
    ? (CACHE_NAMESPACES as Record<string, (typeof CACHE_NAMESPACES)[CacheNamespaceKey]>)[keyOrName]
    : undefined;
  return byKey ?? Object.values(CACHE_NAMESPACES).find((namespace) => namespace.name === keyOrName);
}
