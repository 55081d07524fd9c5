import { isLambdaRuntime } from '../config/runtime';
import { poolStatsFrom, registerMetricsSources } from '../metrics';
import { databaseConfigFromEnv } from './config';
import { DatabasePool } from './pool';

let shared: DatabasePool | undefined;

/** The pool's name in the metrics (`/performance/database`, the analyzer's findings). */
export const POOL_METRICS_NAME = 'postgres';
let shutdownHooked = false;

/**
 * The container's PostgreSQL pool, created on first use from env (see `databaseConfigFromEnv`)
 * and reused by every invocation the container serves.
 *
 * @example
 * const { rows } = await getPool().query('SELECT 1 AS ok');
 */
export function getPool(): DatabasePool {
  if (!shared) {
    shared = new DatabasePool(databaseConfigFromEnv());
    // The pool is a metrics source: its sizes, waits and acquire latency go out with every flush,
    // so /performance/database lists it and the analyzer's pool-wait finding sees it.
    registerMetricsSources({ pools: () => (shared ? [poolStatsFrom(POOL_METRICS_NAME, shared.stats())] : []) });
    // Lambda sends SIGTERM before it shuts a container down (when an extension is registered):
    // close the sockets so the server (or RDS Proxy) frees them at once.
    if (isLambdaRuntime() && !shutdownHooked) {
      shutdownHooked = true;
      process.once('SIGTERM', () => {
        void closePool().finally(() => process.exit(0));
      });
    }
  }
  return shared;
}

/** Ends the shared pool (tests, graceful shutdown); the next getPool() creates a fresh one. */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
