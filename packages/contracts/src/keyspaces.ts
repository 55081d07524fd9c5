import { LIVE_EVENTS } from './events';
import type { RedisKeyspaceContract } from './types';

/**
 * Redis keyspaces and their owners. Keys live under `rc:<stage>:<prefix>` (the metrics buckets
 * under `METRICS_KEY_PREFIX`). Functions declare the domain keyspaces their code touches in their
 * `uses.keyspaces`; only the owner's functions may declare write access (the contracts test checks
 * it). Other services ask the owner: tracking asks incidents whether a vendor may report through
 * `@roadcall/incidents-svc`, matching asks vendors for nearby vendors through `@roadcall/vendors-svc`.
 * A keyspace others write on the owner's terms names the owner's public module as `via` (the live
 * events: `@roadcall/platform-svc/events`): they call it and declare nothing.
 */
export const REDIS_KEYSPACES = {
  vendorsGeo: {
    name: 'vendors-geo',
    owner: 'vendors',
    prefix: 'vendors:geo',
    description:
      'The vendor geo index: a GEO set per service type and cell, a summary hash per vendor, a `ready` marker and the rebuild lock. Written by the vendors routes and the reconcile schedule; read by searches and by incident matching through `findNearestAvailable` of the vendors service.',
  },
  incidents: {
    name: 'incidents',
    owner: 'incidents',
    prefix: 'inc',
    description:
      "Incidents' live state: `inc:{id}:assign` (hash: the assignment mirror, who serves an incident and where the driver is), `inc:offers:{vendorId}` (sorted set of open offers by expiry) and the `inc:offers` pub/sub channel. Written by the incidents functions; tracking reads the assignment through the incidents service's public face (`trackingAccess`).",
  },
  tracking: {
    name: 'tracking',
    owner: 'tracking',
    prefix: 'trk',
    description:
      '`trk:{id}:latest` (string: the latest position), `trk:{id}:buf` (list: history points not yet in DynamoDB), `trk:{id}:seq` (counter: point numbers), `trk:{id}:flush` (lock), `trk:rl:{vendorId}` (fixed-window rate limit).',
  },
  cache: {
    name: 'cache',
    owner: 'platform',
    prefix: '<namespace>',
    description:
      "The cache's L2 tier: one key per entry under its namespace, tag sets, stampede locks and the invalidation channel. Every function with a cached route or a service cache reaches it through the cache API; platform's routes administer it (stats, clear).",
    via: '@roadcall/utils/cache',
  },
  liveEvents: {
    name: 'live-events',
    owner: 'platform',
    prefix: LIVE_EVENTS.keyPrefix,
    description:
      "The live events channel (GET /events): a capped stream per audience, `events:user:{userId}` and `events:admins`, and the alert sources' memory (`events:alerts:finding:*` markers, the `events:alerts:dlq-depths` hash). Platform's functions read and write it; the jobs consumer and the analytics refresh publish through platform's public module (`publishJobEvent`, `publishAnalyticsUpdate`), never with keys of their own.",
    via: '@roadcall/platform-svc/events',
  },
  metrics: {
    name: 'metrics',
    owner: 'platform',
    prefix: 'METRICS_KEY_PREFIX',
    description:
      "Minute buckets of every function's and route's counts, latency histograms, cold starts, cache and pool figures, merged across containers. Every function writes them through the metrics API; platform's /performance routes read them.",
    via: '@roadcall/utils/metrics',
  },
} as const satisfies Record<string, RedisKeyspaceContract>;

export type KeyspaceName = keyof typeof REDIS_KEYSPACES;
