import type { CacheNamespace } from './types';

const MINUTE = 60;

/**
 * The cache namespaces and their TTLs: the source systems' catalog, in one place. `null` TTL means
 * no expiry: the entry lives until it is invalidated on update.
 */
export const CACHE_NAMESPACES = {
  platformMetrics: { name: 'platform-metrics', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Platform metrics.' },
  systemHealth: { name: 'system-health', ttlSeconds: 60, tiers: ['memory', 'redis'], description: 'System health.' },
  featureFlags: { name: 'feature-flags', ttlSeconds: null, tiers: ['memory', 'redis', 'dynamodb'], description: 'Feature flags; invalidated on update.' },
  userActivity: { name: 'user-activity', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], perUser: true, description: 'User activity.' },
  contentModeration: { name: 'content-moderation', ttlSeconds: 2 * MINUTE, tiers: ['memory', 'redis'], description: 'Content moderation queue.' },
  supportTickets: { name: 'support-tickets', ttlSeconds: 2 * MINUTE, tiers: ['memory', 'redis'], description: 'Support tickets.' },
  billing: { name: 'billing', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], perUser: true, description: 'Billing.' },
  engagementReports: { name: 'engagement-reports', ttlSeconds: 10 * MINUTE, tiers: ['memory', 'redis', 'dynamodb'], description: 'Engagement reports.' },
  apiUsage: { name: 'api-usage', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'API usage.' },
  auditLogs: { name: 'audit-logs', ttlSeconds: 2 * MINUTE, tiers: ['memory', 'redis'], description: 'Audit logs.' },
  vendorProfile: { name: 'vendor-profile', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Vendor profiles.' },
  vendorSearch: { name: 'vendor-search', ttlSeconds: 60, tiers: ['memory', 'redis'], description: 'Vendor search results by location cell, radius and filters.' },
  revenue: { name: 'revenue', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], description: 'Revenue analytics.' },
  products: { name: 'products', ttlSeconds: 10 * MINUTE, tiers: ['memory', 'redis'], description: 'Products.' },
  traffic: { name: 'traffic', ttlSeconds: 15 * MINUTE, tiers: ['memory', 'redis'], description: 'Traffic analytics.' },
  customers: { name: 'customers', ttlSeconds: 20 * MINUTE, tiers: ['memory', 'redis'], description: 'Customer analytics.' },
  inventory: { name: 'inventory', ttlSeconds: 30 * MINUTE, tiers: ['memory', 'redis'], description: 'Inventory.' },
  longTerm: { name: 'long-term', ttlSeconds: 60 * MINUTE, tiers: ['memory', 'redis', 'dynamodb'], description: 'Long-lived aggregates.' },
  integrations: { name: 'integrations', ttlSeconds: 5 * MINUTE, tiers: ['memory', 'redis'], perUser: true, description: 'Per-user integrations.' },
} as const satisfies Record<string, CacheNamespace>;

export type CacheNamespaceKey = keyof typeof CACHE_NAMESPACES;
