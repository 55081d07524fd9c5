import { randomUUID } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { sqsClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { closePool, migrate } from '@roadcall/utils/db';
import { closeRedisClient } from '@roadcall/utils/redis';
import { vendorService } from '@roadcall/vendors-svc';
import { Client } from 'pg';
import { createOwnDatabase } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { handler as auditHandler } from '../../src/handlers/auditLog';
import { handler as optimizeHandler } from '../../src/handlers/optimize';
import { handler as platformMetricsHandler } from '../../src/handlers/platformMetrics';
import type { OptimizeReport } from '../../src/performance/optimize';
import type { PlatformMetrics } from '../../src/platformMetrics';
import { apiEvent, call } from '../support/events';

/** POST /performance/optimize on the real engines, with a database and cache stage of its own. */
jest.setTimeout(60_000);

const RUN = randomUUID().slice(0, 8);
process.env[ENV.stage] = `optimize-${RUN}`;
let database: Awaited<ReturnType<typeof createOwnDatabase>>;
let sql: Client;
let vendorId: string;

beforeAll(async () => {
  database = await createOwnDatabase(process.env.DATABASE_URL as string, 'roadcall_optimize');
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  const vendor = await vendorService().create({
    name: `Optimize ${RUN}`,
    services: ['towing'],
    metro: `Metro ${RUN}`,
    available: true,
    location: { lat: 37.77, lon: -122.42 },
  });
  vendorId = vendor.vendorId;
  // 60 payments to that vendor: statistics go stale, and it becomes the busiest vendor.
  for (let i = 0; i < 60; i++) {
    await sql.query(
      `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, service_type)
       VALUES ($1, $2, 'h', $3, $4, 1000, 'USD', 'towing')`,
      [`driver-${i % 7}`, randomUUID(), `inc-${i}`, vendorId],
    );
  }
  const modified = async () =>
    Number((await sql.query("SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]?.n ?? 0);
  // Statistics reach pg_stat_user_tables when the inserting backend flushes them: poll that, bounded.
  for (let attempt = 0; attempt < 100 && (await modified()) < 60; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
});

afterAll(async () => {
  await sql.end();
  await closePool();
  await closeCaches();
  await closeRedisClient();
  sqsClient().destroy();
  await database.drop();
});

it('analyzes stale tables, refreshes the views, pre-warms the busiest vendor, reports the DLQs; audited', async () => {
  const before = (await sql.query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]
    ?.last_analyze as Date | null;
  const { status, body } = await call<OptimizeReport>(optimizeHandler, apiEvent({ method: 'POST', role: 'admin' }));
  expect(status).toBe(200);
  const byAction = Object.fromEntries(body.actions.map((action) => [action.action, action]));
  for (const action of body.actions)
    expect({ action: action.action, ok: action.ok, error: action.error }).toEqual({ action: action.action, ok: true, error: undefined });

  const analyzed = byAction.analyze?.result as Array<{ table: string; lastAnalyzeAfter: string }>;
  const payments = analyzed.find((table) => table.table === 'payments');
  const after = (await sql.query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]?.last_analyze as Date;
  expect(payments?.lastAnalyzeAfter).toBe(after.toISOString());
  expect(after.toISOString()).not.toBe(before?.toISOString());

  expect(((byAction['refresh-views']?.result ?? []) as Array<{ view: string }>).map((view) => view.view)).toContain(
    'analytics_revenue_by_vendor',
  );

  // The view now ranks the vendor first: its profile was read from the source, then from the cache.
  const warm = byAction.prewarm?.result as { profiles: Array<{ vendorId: string; after: string }>; searchCells: number };
  expect(warm.profiles[0]).toMatchObject({ vendorId, after: expect.stringMatching(/^HIT-/) });
  expect(warm.searchCells).toBeGreaterThanOrEqual(1);

  const dlq = byAction.dlq?.result as { total: number; queues: Array<{ queue: string; depth: number | null }> };
  expect(dlq.queues.length).toBeGreaterThan(0);
  expect(dlq.total).toBe(dlq.queues.reduce((sum, queue) => sum + (queue.depth ?? 0), 0));

  const audit = await call<{ items: Array<{ action: string; actor: string }> }>(auditHandler, apiEvent({ role: 'admin' }));
  expect(audit.body.items.find((item) => item.action === 'performance.optimize')).toMatchObject({ actor: 'user-admin' });
});

it('is for admins only', async () => {
  expect((await call(optimizeHandler, apiEvent({ method: 'POST', role: 'driver' }))).status).toBe(403);
  expect((await call(optimizeHandler, apiEvent({ method: 'POST' }))).status).toBe(401);
});

it('GET /analytics/platform: revenue, incidents and vendor supply per metro over 24 h; cached 5 minutes', async () => {
  const { status, body } = await call<PlatformMetrics>(platformMetricsHandler, apiEvent({ role: 'admin' }));
  expect(status).toBe(200);
  // This file's database: exactly its 60 payments of 10.00 USD.
  expect(body.revenue).toEqual([{ currency: 'USD', payments: 60, revenueCents: 60_000 }]);
  expect(body.vendors.byMetro.find((metro) => metro.metro === `Metro ${RUN}`)).toEqual({
    metro: `Metro ${RUN}`,
    vendors: 1,
    available: 1,
    byService: { towing: { vendors: 1, available: 1 } },
  });
  expect(body.incidents.total).toBe(Object.values(body.incidents.byStatus).reduce((sum, count) => sum + count, 0));
  const again = await call<PlatformMetrics>(platformMetricsHandler, apiEvent({ role: 'admin' }));
  expect(again.body.computedAt).toBe(body.computedAt);
  expect((await call(platformMetricsHandler, apiEvent({ role: 'driver' }))).status).toBe(403);
});
