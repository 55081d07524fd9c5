import { LIVE_EVENT_TYPES, LIVE_EVENTS } from '../events';
import { QUEUES } from '../queues';
import { SSE_KEEP_ALIVE_SECONDS } from '../streaming';
import type { RouteContract } from '../types';

/** The three job priority queues: /performance/metrics reports their depth (and their DLQs'). */
const JOB_QUEUES_INSPECT = (['jobsHigh', 'jobsNormal', 'jobsLow'] as const).map((queue) => ({ queue, access: 'inspect' as const }));

/** Platform routes: health, (admin) performance monitoring, and the live events channel it owns. */
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
    summary: 'Invalidates cache entries by exactly one of { pattern | namespace | tag }, in every tier and every container.',
    service: 'platform',
    handler: 'clearCache',
    auth: 'admin',
    uses: { tables: [{ table: 'cache', access: 'readwrite' }], redis: true },
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
] as const satisfies ReadonlyArray<RouteContract>;
