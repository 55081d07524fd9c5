import { randomUUID } from 'node:crypto';
import { closeCaches } from '@roadcall/utils/cache';
import { closePool, migrate } from '@roadcall/utils/db';
import { Client } from 'pg';
import { createOwnDatabase } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { handler as analyzeTables } from '../../src/handlers/analyzeTables';
import { handler as drivers } from '../../src/handlers/drivers';
import { handler as refreshAnalytics } from '../../src/handlers/refreshAnalytics';
import { handler as revenue } from '../../src/handlers/revenue';
import { handler as serviceTypes } from '../../src/handlers/serviceTypes';
import { InsightsService } from '../../src/insights';
import { admin, call, driver } from '../support/api';

/** Migration 0003 on a database of this file's own: views per service type and driver, functions, ANALYZE, refresh invalidation. */
jest.setTimeout(60_000);

let database: Awaited<ReturnType<typeof createOwnDatabase>>;
let sql: Client;

// driver, service type, vendor, cents, currency, status
const PAYMENTS: Array<[string, string, string, number, string, string]> = [
  ['driver-a', 'towing', 'vendor-1', 20_000, 'USD', 'captured'],
  ['driver-a', 'towing', 'vendor-2', 10_000, 'USD', 'captured'],
  ['driver-a', 'jumpstart', 'vendor-1', 5_000, 'USD', 'captured'],
  ['driver-a', 'tire', 'vendor-1', 4_000, 'USD', 'captured'],
  ['driver-a', 'fuel', 'vendor-3', 3_000, 'USD', 'captured'],
  ['driver-b', 'towing', 'vendor-2', 30_000, 'USD', 'captured'],
  ['driver-b', 'jumpstart', 'vendor-3', 6_000, 'USD', 'refunded'],
  ['driver-b', 'lockout', 'vendor-3', 7_000, 'USD', 'captured'],
  ['driver-c', 'jumpstart', 'vendor-1', 4_500, 'USD', 'captured'],
  ['driver-d', 'towing', 'vendor-1', 9_000, 'EUR', 'captured'],
];

async function insert(
  driverId: string,
  serviceType: string,
  vendorId: string,
  cents: number,
  currency: string,
  status = 'captured',
  at = new Date(),
) {
  await sql.query(
    `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, status, service_type, created_at)
     VALUES ($1, $2, 'h', $3, $4, $5, $6, $7, $8, $9)`,
    [driverId, randomUUID(), `inc-${randomUUID().slice(0, 8)}`, vendorId, cents, currency, status, serviceType, at],
  );
}

beforeAll(async () => {
  database = await createOwnDatabase(process.env.DATABASE_URL as string, 'roadcall_analytics_depth');
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  for (const [driverId, serviceType, vendorId, cents, currency, status] of PAYMENTS)
    await insert(driverId, serviceType, vendorId, cents, currency, status, new Date('2025-06-01T10:00:00Z'));
  await refreshAnalytics({});
});

afterAll(async () => {
  await sql.end();
  await closePool();
  await closeCaches();
  await database.drop();
});

it('GET /analytics/service-types: revenue, tickets, reach and share per service type, biggest first', async () => {
  const answer = await call<{ serviceTypes: Array<Record<string, unknown>> }>(serviceTypes, {
    method: 'GET',
    path: '/analytics/service-types',
    query: { currency: 'USD' },
    claims: admin(),
  });
  expect(answer.status).toBe(200);
  const rows = answer.body.serviceTypes.map(
    ({ serviceType, payments, revenueCents, avgTicketCents, medianTicketCents, vendors, drivers, revenueShare }) => ({
      serviceType,
      payments,
      revenueCents,
      avgTicketCents,
      medianTicketCents,
      vendors,
      drivers,
      revenueShare,
    }),
  );
  // USD captured: towing 60,000 of 83,500 = 0.7186; the refunded jumpstart is out.
  expect(rows).toEqual([
    {
      serviceType: 'towing',
      payments: 3,
      revenueCents: 60_000,
      avgTicketCents: 20_000,
      medianTicketCents: 20_000,
      vendors: 2,
      drivers: 2,
      revenueShare: 0.7186,
    },
    {
      serviceType: 'jumpstart',
      payments: 2,
      revenueCents: 9_500,
      avgTicketCents: 4_750,
      medianTicketCents: 4_500,
      vendors: 1,
      drivers: 2,
      revenueShare: 0.1138,
    },
    {
      serviceType: 'lockout',
      payments: 1,
      revenueCents: 7_000,
      avgTicketCents: 7_000,
      medianTicketCents: 7_000,
      vendors: 1,
      drivers: 1,
      revenueShare: 0.0838,
    },
    {
      serviceType: 'tire',
      payments: 1,
      revenueCents: 4_000,
      avgTicketCents: 4_000,
      medianTicketCents: 4_000,
      vendors: 1,
      drivers: 1,
      revenueShare: 0.0479,
    },
    {
      serviceType: 'fuel',
      payments: 1,
      revenueCents: 3_000,
      avgTicketCents: 3_000,
      medianTicketCents: 3_000,
      vendors: 1,
      drivers: 1,
      revenueShare: 0.0359,
    },
  ]);
  expect((await call(serviceTypes, { method: 'GET', path: '/analytics/service-types', claims: driver('driver-a') })).status).toBe(403);
});

it('GET /analytics/drivers: segments and top drivers by spend, refunds counted apart', async () => {
  const answer = await call<{ segments: unknown[]; top: Array<Record<string, unknown>> }>(drivers, {
    method: 'GET',
    path: '/analytics/drivers',
    query: { currency: 'USD', limit: '2' },
    claims: admin(),
  });
  expect(answer.status).toBe(200);
  expect(answer.body.segments).toEqual([
    { segment: 'frequent', drivers: 1, spendCents: 42_000 },
    { segment: 'one-time', drivers: 1, spendCents: 4_500 },
    { segment: 'repeat', drivers: 1, spendCents: 37_000 },
  ]);
  expect(
    answer.body.top.map(({ driverId, payments, spendCents, refunds, serviceTypes }) => ({
      driverId,
      payments,
      spendCents,
      refunds,
      serviceTypes,
    })),
  ).toEqual([
    { driverId: 'driver-a', payments: 5, spendCents: 42_000, refunds: 0, serviceTypes: 4 },
    { driverId: 'driver-b', payments: 2, spendCents: 37_000, refunds: 1, serviceTypes: 3 },
  ]);
});

it('analytics_revenue_between(): live revenue in a window per currency', async () => {
  const rows = await new InsightsService().revenueBetween(new Date('2025-06-01T00:00:00Z'), new Date('2025-06-02T00:00:00Z'));
  expect(rows).toEqual([
    { currency: 'EUR', payments: 1, revenueCents: 9_000 },
    { currency: 'USD', payments: 8, revenueCents: 83_500 },
  ]);
});

it('the revenue route shows a payment within one refresh after it is captured (the refresh drops the cached answer)', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const query = { from: today, to: today, currency: 'USD' };
  const totalOf = async () => {
    const answer = await call<{ totals: Array<{ revenueCents: number }> }>(revenue, {
      method: 'GET',
      path: '/analytics/revenue',
      query,
      claims: admin(),
    });
    return { cache: answer.headers['x-cache'], cents: answer.body.totals[0]?.revenueCents ?? 0 };
  };
  const before = await totalOf();
  expect((await totalOf()).cache).toMatch(/^HIT-/);
  await insert('driver-e', 'winch', 'vendor-9', 12_345, 'USD');
  await refreshAnalytics({});
  const after = await totalOf();
  expect(after).toEqual({ cache: 'MISS', cents: before.cents + 12_345 });
});

it('the daily ANALYZE analyzes tables with stale statistics: last_analyze changes in pg_stat_user_tables', async () => {
  for (let i = 0; i < 60; i++) await insert(`bulk-${i}`, 'towing', 'vendor-1', 1_000, 'USD');
  // Statistics reach pg_stat_user_tables when the inserting backend flushes them: poll that, bounded.
  const modified = async () =>
    Number((await sql.query("SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]?.n ?? 0);
  for (let attempt = 0; attempt < 100 && (await modified()) < 60; attempt++) await new Promise((resolve) => setTimeout(resolve, 100));
  const before = (await sql.query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]
    ?.last_analyze as Date | null;

  const { analyzed } = await analyzeTables({});
  const payments = analyzed.find((table) => table.table === 'payments');
  expect(payments).toBeDefined();
  expect(payments?.modifiedSinceAnalyze).toBeGreaterThanOrEqual(60);
  const after = (await sql.query("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'payments'")).rows[0]
    ?.last_analyze as Date | null;
  expect(after).not.toBeNull();
  expect(after?.toISOString()).not.toBe(before?.toISOString());
  expect(payments?.lastAnalyzeAfter).toBe(after?.toISOString());

  // Nothing changed since: a second run has nothing stale to analyze for payments.
  const again = await analyzeTables({});
  expect(again.analyzed.map((table) => table.table)).not.toContain('payments');
});
