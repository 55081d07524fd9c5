import type { CacheNamespace } from './types';

const MINUTE = 60;

/**
 * The cache namespaces and their TTLs: the source systems' catalog, in one place. `null` TTL means
 * no expiry: the entry lives until it is invalidated on update.
 */
export const CACHE_NAMESPACES = {
  platformMetrics: { name: 'platform-metrics', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Platform metrics.' },
  systemHealth: { name: 'system-health', ttlSeconds: 60, tiers: ['memory', 'redis'], description: 'System health.' },
  featureFlags: {
    name: 'feature-flags',
    ttlSeconds: null,
    tiers: ['memory', 'redis', 'dynamodb'],
    description: 'Feature flags; invalidated on update.',
  },
  userActivity: { name: 'user-activity', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], perUser: true, description: 'User activity.' },
  contentModeration: {
    name: 'content-moderation',
    ttlSeconds: 2 * MINUTE,
    tiers: ['memory', 'redis'],
    description: 'Content moderation queue.',
  },
  supportTickets: { name: 'support-tickets', ttlSeconds: 2 * MINUTE, tiers: ['memory', 'redis'], description: 'Support tickets.' },
  billing: { name: 'billing', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], perUser: true, description: 'Billing.' },
  engagementReports: {
    name: 'engagement-reports',
    ttlSeconds: 10 * MINUTE,
    tiers: ['memory', 'redis', 'dynamodb'],
    description: 'Engagement reports.',
  },
  apiUsage: { name: 'api-usage', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'API usage.' },
  auditLogs: { name: 'audit-logs', ttlSeconds: 2 * MINUTE, tiers: ['memory', 'redis'], description: 'Audit logs.' },
  vendorProfile: { name: 'vendor-profile', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Vendor profiles.' },
  vendorSearch: {
    name: 'vendor-search',
    ttlSeconds: 60,
    tiers: ['memory', 'redis'],
    description: 'Vendor search results by location cell, radius and filters.',
  },
  revenue: { name: 'revenue', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Revenue analytics.' },
  products: { name: 'products', ttlSeconds: 10 * MINUTE, tiers: ['memory', 'redis'], description: 'Products.' },
  traffic: { name: 'traffic', ttlSeconds: 15 * MINUTE, tiers: ['memory', 'redis'], description: 'Traffic analytics.' },
  customers: { name: 'customers', ttlSeconds: 20 * MINUTE, tiers: ['memory', 'redis'], description: 'Customer analytics.' },
  inventory: { name: 'inventory', ttlSeconds: 30 * MINUTE, tiers: ['memory', 'redis'], description: 'Inventory.' },
  longTerm: { name: 'long-term', ttlSeconds: 60 * MINUTE, tiers: ['memory', 'redis', 'dynamodb'], description: 'Long-lived aggregates.' },
  integrations: {
    name: 'integrations',
    ttlSeconds: 5 * MINUTE,
    tiers: ['memory', 'redis'],
    perUser: true,
    description: 'Per-user integrations.',
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
