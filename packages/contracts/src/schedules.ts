import { QUEUES } from './queues';
import type { ScheduleContract } from './types';

/** EventBridge schedules; the local stack's scheduler fires the same ones. */
export const SCHEDULES: ReadonlyArray<ScheduleContract> = [
  {
    // No static input: the warmer must not itself look like a warming event (it would short-circuit).
    id: 'platform-warmer',
    expression: 'rate(5 minutes)',
    description: 'Invokes every warm-marked function N times at once so N containers stay initialised.',
    target: { service: 'platform', handler: 'warmer', uses: { invoke: true }, timeoutSeconds: 30, memoryMb: 256 },
  },
  {
    id: 'platform-monitor',
    expression: 'rate(1 minute)',
    description:
      'Every minute: runs the analyzer and DLQ check, sends a system_alert to admins for each new critical finding and each DLQ that grew, and emits queue depth per priority as EMF.',
    target: {
      service: 'platform',
      handler: 'monitor',
      uses: {
        // Every contract queue: DLQ depth is read through each queue's redrive policy.
        queues: Object.keys(QUEUES).map((queue) => ({ queue, access: 'inspect' as const })),
        redis: true,
      },
      timeoutSeconds: 50,
      memoryMb: 256,
    },
  },
  {
    id: 'jobs-cleanup',
    expression: 'cron(15 3 * * ? *)',
    description: 'Daily: deletes expired jobs (JOB_CLEANUP_DAYS) and fails jobs whose worker was lost.',
    target: {
      service: 'jobs',
      handler: 'cleanup',
      uses: { tables: [{ table: 'jobs', access: 'readwrite' }] },
      timeoutSeconds: 300,
      memoryMb: 256,
    },
  },
  {
    id: 'payments-refresh-analytics',
    expression: 'rate(5 minutes)',
    description:
      'Every 5 minutes (the revenue cache TTL): REFRESH MATERIALIZED VIEW CONCURRENTLY of the analytics views, then drops the caches of the routes that read them.',
    // redis: the refresh invalidates the revenue, products and customers namespaces, and announces
    // analytics_update on the live events channel.
    target: { service: 'payments', handler: 'refreshAnalytics', uses: { database: true, redis: true }, timeoutSeconds: 120, memoryMb: 256 },
  },
  {
    id: 'payments-analyze',
    expression: 'cron(30 3 * * ? *)',
    description: 'Daily: ANALYZE of the PostgreSQL tables and views whose statistics went stale (pg_stat_user_tables).',
    target: { service: 'payments', handler: 'analyzeTables', uses: { database: true }, timeoutSeconds: 300, memoryMb: 256 },
  },
  {
    // A safety net only: offer timeouts are delayed SQS messages (EventBridge's floor is 1 minute).
    id: 'incidents-matching-sweep',
    expression: 'rate(1 minute)',
    description:
      'Re-drives incidents whose next matching step is overdue (a lost message): unstarted, past their offer window or deadline.',
    target: {
      service: 'incidents',
      handler: 'sweepMatching',
      uses: {
        // vendors (read): the geo fallback of the matching step it re-drives, as processMatching.
        tables: [
          { table: 'incidents', access: 'readwrite' },
          { table: 'vendors', access: 'read' },
          { table: 'flags', access: 'read' },
        ],
        queues: [{ queue: 'incidentMatching', access: 'send' }],
        keyspaces: [{ keyspace: 'incidents', access: 'readwrite' }],
        redis: true,
        email: true,
        invokes: ['vendors.capacity'],
      },
      timeoutSeconds: 50,
    },
  },
  {
    id: 'tracking-history-flush',
    expression: 'rate(1 minute)',
    description: 'Writes buffered location history (below the batch threshold) from Redis to DynamoDB.',
    target: {
      service: 'tracking',
      handler: 'flushHistory',
      uses: {
        tables: [{ table: 'trackingHistory', access: 'write' }],
        keyspaces: [{ keyspace: 'tracking', access: 'readwrite' }],
        redis: true,
      },
      timeoutSeconds: 50,
    },
  },
  {
    // Redis is derived state: this repairs the vendors geo index from the table (docs/vendors.md).
    id: 'vendors-reconcile-index',
    expression: 'rate(1 minute)',
    description:
      'Rebuilds the vendors geo index when Redis lost it, and repairs drift (vendors changed while Redis was away) from the vendors table.',
    target: {
      service: 'vendors',
      handler: 'reconcileIndex',
      // readwrite: it backfills the byCell attributes of items written around the repository.
      uses: {
        tables: [{ table: 'vendors', access: 'readwrite' }],
        keyspaces: [{ keyspace: 'vendorsGeo', access: 'readwrite' }],
        redis: true,
      },
      timeoutSeconds: 50,
      memoryMb: 512,
    },
  },
];
