import { getPool, type Queryable } from '@roadcall/utils/db';
import { ANALYZE_MIN_MODIFIED_ROWS, ANALYZE_MODIFIED_FRACTION } from './constants';

/** What ANALYZE did to one table. */
export interface AnalyzedTable {
  readonly table: string;
  /** Rows inserted, updated or deleted since the last (auto)analyze, when it was picked. */
  readonly modifiedSinceAnalyze: number;
  readonly liveRows: number;
  readonly lastAnalyzeBefore: string | null;
  readonly lastAnalyzeAfter: string | null;
  readonly durationMs: number;
}

interface StatsRow {
  relname: string;
  n_mod_since_analyze: string;
  n_live_tup: string;
  last_analyze: Date | null;
  last_autoanalyze: Date | null;
}

const STATS_SQL = `
  SELECT relname, n_mod_since_analyze, n_live_tup, last_analyze, last_autoanalyze
    FROM pg_stat_user_tables
   WHERE schemaname = current_schema()
   ORDER BY relname`;

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

/**
 * ANALYZE of the tables (and materialized views) whose statistics are stale: never analyzed, or
 * modified since by at least `ANALYZE_MIN_MODIFIED_ROWS` rows and `ANALYZE_MODIFIED_FRACTION` of
 * their live rows. Autovacuum does this too, but only past its own thresholds and when it gets to
 * it: a bulk load followed by reports should not wait. Each ANALYZE is its own statement (no
 * transaction held), and `last_analyze` in pg_stat_user_tables shows it.
 *
 * @example
 * const analyzed = await analyzeStaleTables(); // [{ table: 'payments', modifiedSinceAnalyze: 12000, ... }]
 */
export async function analyzeStaleTables(db: Queryable = getPool()): Promise<AnalyzedTable[]> {
  const { rows } = await db.query<StatsRow>(STATS_SQL);
  const stale = rows.filter((row) => {
    const modified = Number(row.n_mod_since_analyze);
    const never = !row.last_analyze && !row.last_autoanalyze;
    return (
      (never && Number(row.n_live_tup) + modified > 0) ||
      (modified >= ANALYZE_MIN_MODIFIED_ROWS && modified >= Number(row.n_live_tup) * ANALYZE_MODIFIED_FRACTION)
    );
  });
  const analyzed: AnalyzedTable[] = [];
  for (const row of stale) {
    const started = performance.now();
    // The name comes from the catalog, quoted as an identifier all the same.
    await db.query(`ANALYZE "${row.relname.replaceAll('"', '""')}"`);
    const durationMs = Math.round(performance.now() - started);
    const after = await db.query<{ last_analyze: Date | null }>(
      'SELECT last_analyze FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = $1',
      [row.relname],
    );
    analyzed.push({
      table: row.relname,
      modifiedSinceAnalyze: Number(row.n_mod_since_analyze),
      liveRows: Number(row.n_live_tup),
      lastAnalyzeBefore: iso(row.last_analyze),
      lastAnalyzeAfter: iso(after.rows[0]?.last_analyze),
      durationMs,
    });
  }
  return analyzed;
}
