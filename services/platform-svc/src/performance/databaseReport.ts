import { getPool } from '@roadcall/utils/db';
import { metricsKeyPrefix, type PoolReport, readMetrics } from '@roadcall/utils/metrics';
import { metricsStore } from '../runtime';
import { type IndexUsage, indexUsage, type SlowStatements, slowStatements } from './databaseInsights';

/** The database's own view of itself (pg_stat_database, pg_stat_activity, settings). */
export interface DatabaseServerStats {
  readonly connections: number;
  readonly maxConnections: number;
  readonly activeQueries: number;
  /** Share of block reads served from shared buffers. */
  readonly bufferHitRate: number | null;
  readonly transactions: { readonly committed: number; readonly rolledBack: number };
  readonly deadlocks: number;
}

export async function databaseServerStats(): Promise<DatabaseServerStats> {
  const { rows } = await getPool().query<{
    connections: string;
    max_connections: string;
    active: string;
    blks_hit: string;
    blks_read: string;
    xact_commit: string;
    xact_rollback: string;
    deadlocks: string;
  }>(
    `SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()) AS connections,
            current_setting('max_connections') AS max_connections,
            (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active') AS active,
            d.blks_hit, d.blks_read, d.xact_commit, d.xact_rollback, d.deadlocks
       FROM pg_stat_database d WHERE d.datname = current_database()`,
  );
  const row = rows[0];
  const n = (value: string | undefined): number => Number(value ?? 0);
  const hit = n(row?.blks_hit);
  const read = n(row?.blks_read);
  return {
    connections: n(row?.connections),
    maxConnections: n(row?.max_connections),
    activeQueries: n(row?.active),
    bufferHitRate: hit + read > 0 ? Math.round((hit / (hit + read)) * 10_000) / 10_000 : null,
    transactions: { committed: n(row?.xact_commit), rolledBack: n(row?.xact_rollback) },
    deadlocks: n(row?.deadlocks),
  };
}

/** Pool statistics across containers (from the metrics buckets) and the server's own figures. */
export async function databaseReport(minutes: number | undefined): Promise<{
  window: { minutes: number; from: string; to: string };
  pools: PoolReport[];
  containers: Array<{ id: string; functionName: string; pools: unknown }>;
  server: DatabaseServerStats;
  indexes: IndexUsage[];
  slowStatements: SlowStatements;
}> {
  const [metrics, server, indexes, statements] = await Promise.all([
    readMetrics(metricsStore(), metricsKeyPrefix(), { minutes }),
    databaseServerStats(),
    indexUsage(),
    slowStatements(),
  ]);
  return {
    window: metrics.window,
    pools: metrics.pools,
    containers: metrics.containers
      .filter((c) => c.pools.length > 0)
      .map((c) => ({ id: c.id, functionName: c.functionName, pools: c.pools })),
    server,
    indexes,
    slowStatements: statements,
  };
}
