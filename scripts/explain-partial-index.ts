/**
 * The figures behind docs/database.md, "Partial index figures": EXPLAIN (ANALYZE, BUFFERS) of
 * analytics_revenue_between() over one day of 200 days of payments (5% refunded), without and with
 * the partial covering index of migration 0003, on an embedded PostgreSQL of its own.
 * Run: `npx tsx scripts/explain-partial-index.ts` (prints the plans' lines that matter).
 */
import { migrate } from '@roadcall/utils/db';
import { Client } from 'pg';
import { startPostgres } from '../packages/local/src/engines';

const ROWS = 200_000;
const DAYS = 200;

async function main(): Promise<void> {
  const engine = await startPostgres();
  try {
    await migrate(engine.url);
    const sql = new Client({ connectionString: engine.url });
    await sql.connect();
    await sql.query(
      `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, status, service_type, created_at)
       SELECT 'driver-' || (i % 5000), 'k' || i, 'h', 'inc-' || i, 'vendor-' || (i % 800), 1000 + (i % 9000), 'USD',
              CASE WHEN i % 20 = 0 THEN 'refunded' ELSE 'captured' END, 'towing',
              now() - (i::double precision / $1) * interval '${DAYS} days'
         FROM generate_series(1, $1) AS i`,
      [ROWS],
    );
    await sql.query('VACUUM ANALYZE payments');
    const query = "EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM analytics_revenue_between(now() - interval '1 day', now())";
    const inline = `EXPLAIN (ANALYZE, BUFFERS) SELECT p.currency, count(*), sum(p.amount_cents) FROM payments p
                     WHERE p.status = 'captured' AND p.created_at >= now() - interval '1 day' AND p.created_at < now() GROUP BY 1`;
    const show = async (label: string): Promise<void> => {
      // Warm once, then the measured run.
      await sql.query(inline);
      const { rows } = await sql.query(inline);
      const lines = rows.map((row) => row['QUERY PLAN'] as string);
      console.log(`--- ${label}`);
      for (const line of lines) if (/Scan|Buffers|Execution Time|Heap Fetches/.test(line)) console.log(line.trim());
      await sql.query(query);
    };
    await show('with payments_captured_created_idx');
    await sql.query('DROP INDEX payments_captured_created_idx');
    await show('without it (payments_created_idx only)');
    const size = await sql.query("SELECT pg_size_pretty(pg_relation_size('payments_created_idx')) AS full_idx");
    console.log(size.rows[0]);
    await sql.end();
  } finally {
    await engine.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
