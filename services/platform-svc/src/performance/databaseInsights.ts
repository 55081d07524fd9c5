import { getPool, type Queryable } from '@roadcall/utils/db';
import { SLOW_STATEMENTS_LIMIT } from './constants';

/** One index and how much it is used (pg_stat_user_indexes). */
export interface IndexUsage {
  readonly table: string;
  readonly index: string;
  readonly scans: number;
  readonly tuplesRead: number;
  readonly bytes: number;
  readonly unique: boolean;
  readonly partial: boolean;
  /** Never scanned since the statistics were reset, and not enforcing uniqueness: a candidate to drop. */
  readonly unused: boolean;
}

/** The slowest statements by mean time, or why there are none. */
export type SlowStatements =
  | {
      readonly available: true;
      readonly statements: ReadonlyArray<{ queryId: string; query: string; calls: number; meanMs: number; totalMs: number; rows: number }>;
    }
  | { readonly available: false; readonly note: string };

const INDEX_USAGE_SQL = `
  SELECT s.relname, s.indexrelname, s.idx_scan, s.idx_tup_read, pg_relation_size(s.indexrelid) AS bytes,
         i.indisunique, i.indpred IS NOT NULL AS partial
    FROM pg_stat_user_indexes s JOIN pg_index i ON i.indexrelid = s.indexrelid
   WHERE s.schemaname = current_schema()
   ORDER BY s.idx_scan, bytes DESC, s.indexrelname`;

const SLOW_SQL = `
  SELECT queryid::text AS query_id, left(regexp_replace(query, '\\s+', ' ', 'g'), 300) AS query, calls,
         round(mean_exec_time::numeric, 2) AS mean_ms, round(total_exec_time::numeric, 1) AS total_ms, rows
    FROM pg_stat_statements
   WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
   ORDER BY mean_exec_time DESC
   LIMIT $1`;

/** Every index of the schema with its scans and size, least used first. */
export async function indexUsage(db: Queryable = getPool()): Promise<IndexUsage[]> {
  const { rows } = await db.query<Record<string, string | boolean>>(INDEX_USAGE_SQL);
  return rows.map((row) => ({
    table: row.relname as string,
    index: row.indexrelname as string,
    scans: Number(row.idx_scan),
    tuplesRead: Number(row.idx_tup_read),
    bytes: Number(row.bytes),
    unique: row.indisunique as boolean,
    partial: row.partial as boolean,
    unused: Number(row.idx_scan) === 0 && !row.indisunique,
  }));
}

/**
 * The slowest statements of this database from pg_stat_statements where the server has it; where
 * it does not (extension not installed, library not preloaded, no privilege), a note saying which.
 */
export async function slowStatements(db: Queryable = getPool(), limit = SLOW_STATEMENTS_LIMIT): Promise<SlowStatements> {
  const installed = await db.query("SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'");
  if (installed.rows.length === 0) {
    return {
      available: false,
      note: 'pg_stat_statements is not installed in this database (Aurora PostgreSQL has it; elsewhere add it to shared_preload_libraries and CREATE EXTENSION pg_stat_statements).',
    };
  }
  try {
    const { rows } = await db.query<Record<string, string>>(SLOW_SQL, [limit]);
    return {
      available: true,
      statements: rows.map((row) => ({
        queryId: row.query_id as string,
        query: row.query as string,
        calls: Number(row.calls),
        meanMs: Number(row.mean_ms),
        totalMs: Number(row.total_ms),
        rows: Number(row.rows),
      })),
    };
  } catch (error) {
    return { available: false, note: `pg_stat_statements is installed but not readable here: ${(error as Error).message}` };
  }
}
