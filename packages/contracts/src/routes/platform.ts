import { LIVE_EVENT_TYPES, LIVE_EVENTS } from '../events';
import { QUEUES } from '../queues';
import { SSE_KEEP_ALIVE_SECONDS } from '../streaming';
import type { RouteContract } from '../types';

/** Admin actions are recorded in the audit log (platform-owned). */
const AUDIT_WRITE = { table: 'auditLog', access: 'write' } as const;
/** Flags are read through the feature-flags namespace, loaded from the platform-owned flags table. */
const FLAGS_READ = { table: 'flags', access: 'read' } as const;

/** The three job priority queues: /performance/metrics reports their depth (and their DLQs'). */
const JOB_QUEUES_INSPECT = (['jobsHigh', 'jobsNormal', 'jobsLow'] as const).map((queue) => ({ queue, access: 'inspect' as const }));

/** Platform routes: health, (admin) performance monitoring, feature flags, the audit log, and the live events channel it owns. */
export const PLATFORM_ROUTES = [
  {
    id: 'platform.events',
    method: 'GET',
    path: '/events',
    summary: `Server-Sent Events channel of the caller: ${LIVE_EVENT_TYPES.join(', ')} (system_alert and analytics_update to admins only); \`Last-Event-ID\` (or ?lastEventId) resumes without loss; a keep-alive comment after ${SSE_KEEP_ALIVE_SECONDS} s of quiet, closed after ${LIVE_EVENTS.maxDurationSeconds / 60} minutes.`,
    service: 'platform',
    handler: 'events',
    auth: 'user',
    stream: true,
    // As the job stream: API Gateway REST streaming allows up to 15 minutes; the handler closes at 5.
    timeoutSeconds: LIVE_EVENTS.maxDurationSeconds + 30,
    uses: { redis: true },
  },
  {
    id: 'platform.broadcastAlert',
    method: 'POST',
    path: '/events/alerts',
    summary: 'Broadcasts a system_alert to every connected admin (and to admins who reconnect with Last-Event-ID); 202 with the event id.',
    service: 'platform',
    handler: 'broadcastAlert',
    auth: 'admin',
    uses: { redis: true },
  },
  {
    id: 'platform.health',
    method: 'GET',
    path: '/health',
    summary:
      'Checks DynamoDB, Redis, PostgreSQL and SQS (at most once per 60 s per container: the system-health TTL); 200 with each status and latency, or 503 naming what is down. `?deep=false`: a cheap liveness answer that touches no backend.',
    service: 'platform',
    handler: 'health',
    auth: 'public',
    readsCache: ['system-health'],
    uses: { tables: [{ table: 'cache', access: 'read' }], queues: [{ queue: 'jobsNormal', access: 'send' }], redis: true, database: true },
    // The public canary: uptime checks hit it first, so a cold start there is what users see.
    warm: true,
  },
  {
    id: 'platform.performanceMetrics',
    method: 'GET',
    path: '/performance/metrics',
    summary:
      'Per route and per function: count, errors, latency p50/p95/p99, cold starts; memory, CPU and uptime per container; job processing time and completion rate per type; queue depth per job priority (and its DLQ); open SSE connections per route and user. Aggregated across containers over the last `minutes` (default 15).',
    service: 'platform',
    handler: 'performanceMetrics',
    auth: 'admin',
    uses: { queues: JOB_QUEUES_INSPECT, redis: true },
  },
  {
    id: 'platform.performanceCache',
    method: 'GET',
    path: '/performance/cache',
    summary: "Cache hits and misses per namespace and tier across containers, and the Redis server's own stats.",
    service: 'platform',
    handler: 'performanceCache',
    auth: 'admin',
    uses: { redis: true },
  },
  {
    id: 'platform.performanceDatabase',
    method: 'GET',
    path: '/performance/database',
    summary:
      "Connection pool statistics across containers (total, idle, waiting, waits) and the database's own connection and cache-hit figures.",
    service: 'platform',
    handler: 'performanceDatabase',
    auth: 'admin',
    uses: { redis: true, database: true },
  },
  {
    id: 'platform.clearCache',
    method: 'POST',
    path: '/performance/cache/clear',
    summary:
      'Invalidates cache entries in every tier and container: exactly one of { pattern | namespace | tag | all: true } (`{ "all": true }` clears every namespace; no body, `{}` or several selectors are a 400). A pattern `namespace:glob` (`revenue:*`) applies the glob in that namespace only, a bare glob in every one. Audited.',
    service: 'platform',
    handler: 'clearCache',
    auth: 'admin',
    uses: { tables: [{ table: 'cache', access: 'readwrite' }, AUDIT_WRITE], redis: true },
  },
  {
    id: 'platform.performanceAnalyze',
    method: 'GET',
    path: '/performance/analyze',
    summary:
      'Findings with evidence and a recommendation: low cache hit rates, slow routes, error rates, cold-start ratios, pool waits, memory, DLQ depth.',
    service: 'platform',
    handler: 'performanceAnalyze',
    auth: 'admin',
    uses: {
      // Every contract queue: DLQ depth is read through each queue's redrive policy.
      queues: Object.keys(QUEUES).map((queue) => ({ queue, access: 'inspect' as const })),
      redis: true,
    },
  },
  {
    id: 'platform.cacheEntry',
    method: 'GET',
    path: '/performance/cache/entry',
    summary:
      'One cache entry by `namespace` and `key` (as the cache stores it): tier it was found in, age, TTL left, tags and value; 404 when absent.',
    service: 'platform',
    handler: 'cacheEntry',
    auth: 'admin',
    uses: { tables: [{ table: 'cache', access: 'read' }], redis: true },
  },
  {
    id: 'platform.setCacheEntry',
    method: 'PUT',
    path: '/performance/cache/entry',
    summary:
      'Sets one cache entry { namespace, key, value, tags? } in every tier of its namespace with its TTL; per-user namespaces are refused, and so are feature-flags and audit-logs (written by their own routes only). Audited.',
    service: 'platform',
    handler: 'setCacheEntry',
    auth: 'admin',
    uses: { tables: [{ table: 'cache', access: 'readwrite' }, AUDIT_WRITE], redis: true },
  },
  {
    id: 'platform.optimize',
    method: 'POST',
    path: '/performance/optimize',
    summary:
      'Runs the optimizations and reports what each did and its measured effect: ANALYZE of tables with stale statistics (last_analyze before/after), a refresh of the analytics views (durations; their caches dropped), pre-warming of the profiles of the busiest vendors and search cells (cache source and latency before/after), DLQ items per queue. Audited.',
    service: 'platform',
    handler: 'optimize',
    auth: 'admin',
    timeoutSeconds: 120,
    uses: {
      // The vendors service's code (profiles, search) bundled in, as incidents use it.
      tables: [{ table: 'vendors', access: 'read' }, AUDIT_WRITE],
      queues: Object.keys(QUEUES).map((queue) => ({ queue, access: 'inspect' as const })),
      redis: true,
      database: true,
    },
  },
  {
    id: 'platform.platformMetrics',
    method: 'GET',
    path: '/analytics/platform',
    summary:
      'Platform metrics over the last 24 h: incidents by status and service type with time to assignment (mean, p50, p95), revenue captured per currency, vendors and available vendors per metro and service type. Cached 5 minutes (platform-metrics).',
    service: 'platform',
    handler: 'platformMetrics',
    auth: 'admin',
    readsCache: ['platform-metrics'],
    timeoutSeconds: 30,
    uses: {
      // Each owner's code bundled in and called through its port: incidents (byStatus queries),
      // vendors (a paged walk of its table), payments (a SQL function).
      tables: [
        { table: 'incidents', access: 'read' },
        { table: 'vendors', access: 'read' },
      ],
      redis: true,
      database: true,
    },
  },
  {
    id: 'platform.listFlags',
    method: 'GET',
    path: '/admin/flags',
    summary: 'Every feature flag of the catalog: its value (or default when unset), kind, bounds, who reads it, and who set it when.',
    service: 'platform',
    handler: 'listFlags',
    auth: 'admin',
    readsCache: ['feature-flags'],
    uses: { tables: [FLAGS_READ], redis: true },
  },
  {
    id: 'platform.setFlag',
    method: 'PUT',
    path: '/admin/flags/{name}',
    summary:
      "Sets a flag { value } (validated against the flag's kind and bounds); every container sees it within the documented staleness. Audited.",
    service: 'platform',
    handler: 'setFlag',
    auth: 'admin',
    uses: { tables: [{ table: 'flags', access: 'readwrite' }, AUDIT_WRITE], redis: true },
  },
  {
    id: 'platform.deleteFlag',
    method: 'DELETE',
    path: '/admin/flags/{name}',
    summary: 'Unsets a flag: its readers go back to their default. Audited.',
    service: 'platform',
    handler: 'deleteFlag',
    auth: 'admin',
    uses: { tables: [{ table: 'flags', access: 'readwrite' }, AUDIT_WRITE], redis: true },
  },
  {
    id: 'platform.auditLog',
    method: 'GET',
    path: '/admin/audit',
    summary:
      'Admin actions (cache clears, cache entry sets, flag changes, optimize runs, bulk jobs), newest first, in pages of `limit` (10-100, default 50) with a signed `cursor`; `hasMore` says whether another page follows.',
    service: 'platform',
    handler: 'auditLog',
    auth: 'admin',
    readsCache: ['audit-logs'],
    uses: { tables: [{ table: 'auditLog', access: 'read' }], redis: true },
  },
] as const satisfies ReadonlyArray<RouteContract>;
