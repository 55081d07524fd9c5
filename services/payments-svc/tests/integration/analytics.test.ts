import { randomUUID } from 'node:crypto';
import { closeCaches } from '@roadcall/utils/cache';
import { closePool, migrate } from '@roadcall/utils/db';
import { Client } from 'pg';
import { createOwnDatabase } from '../../../../packages/utils/tests/support/db/ownPostgres';
import { RAW_DAILY_REVENUE_SQL } from '../../src/analytics';
import { handler as refreshAnalytics } from '../../src/handlers/refreshAnalytics';
import { handler as revenue } from '../../src/handlers/revenue';
import { handler as topVendors } from '../../src/handlers/topVendors';
import { admin, call, driver } from '../support/api';

// Real engines on a shared 2-core machine: jest's 5 s default is too tight (projects ignore testTimeout).
jest.setTimeout(60_000);

let database: Awaited<ReturnType<typeof createOwnDatabase>>;
let sql: Client;

/** Payments at known instants (UTC), straight into the table as history. */
const HISTORY: Array<[string, string, number, string]> = [
  // created_at, vendor, amount_cents, currency
  ['2025-03-01T08:15:00Z', 'vendor-a', 1_000, 'USD'],
  ['2025-03-01T08:45:00Z', 'vendor-b', 2_500, 'USD'],
  ['2025-03-01T23:59:59Z', 'vendor-a', 500, 'EUR'],
  ['2025-03-02T00:00:00Z', 'vendor-c', 4_000, 'USD'],
  ['2025-03-03T12:00:00Z', 'vendor-b', 3_000, 'USD'],
  ['2025-03-05T12:00:00Z', 'vendor-a', 10_000, 'USD'],
];

const revenueOf = (query: Record<string, string>, claims = admin()) =>
  call<Record<string, unknown>>(revenue, { method: 'GET', path: '/analytics/revenue', query, claims });

beforeAll(async () => {
  database = await createOwnDatabase(process.env.DATABASE_URL as string, 'roadcall_analytics');
  await migrate(database.url);
  process.env.DATABASE_URL = database.url;
  sql = new Client({ connectionString: database.url });
  await sql.connect();
  for (const [createdAt, vendor, cents, currency] of HISTORY) {
    await sql.query(
      `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, created_at)
       VALUES ('user-history', $1, 'h', 'inc-1', $2, $3, $4, $5)`,
      [randomUUID(), vendor, cents, currency, createdAt],
    );
  }
});

afterAll(async () => {
  await sql.end();
  await closePool();
  await closeCaches();
  await database.drop();
});

describe('analytics', () => {
  it('the scheduled refresh rebuilds every view CONCURRENTLY and records when', async () => {
    const result = (await refreshAnalytics({})) as { refreshed: Array<{ view: string }> };
    expect(result.refreshed.map((entry) => entry.view).sort()).toEqual([
      'analytics_driver_behaviour',
      'analytics_revenue_by_vendor',
      'analytics_revenue_daily',
      'analytics_service_type_performance',
      'analytics_volume_hourly',
    ]);
  });

  it('GET /analytics/revenue: daily UTC buckets per currency with totals, matching the raw aggregate', async () => {
    const answer = await revenueOf({ from: '2025-03-01', to: '2025-03-03' });
    expect(answer.status).toBe(200);
    expect(answer.body.series).toEqual([
      { period: '2025-03-01', currency: 'EUR', payments: 1, revenueCents: 500 },
      { period: '2025-03-01', currency: 'USD', payments: 2, revenueCents: 3_500 },
      { period: '2025-03-02', currency: 'USD', payments: 1, revenueCents: 4_000 },
      { period: '2025-03-03', currency: 'USD', payments: 1, revenueCents: 3_000 },
    ]);
    expect(answer.body.totals).toEqual([
      { currency: 'EUR', payments: 1, revenueCents: 500 },
      { currency: 'USD', payments: 4, revenueCents: 10_500 },
    ]);
    expect(answer.body.refreshedAt).toEqual(expect.any(String));
    const raw = await sql.query(RAW_DAILY_REVENUE_SQL, ['2025-03-01', '2025-03-03']);
    expect(
      raw.rows.map((row) => ({
        period: row.period,
        currency: row.currency,
        payments: Number(row.payments),
        revenueCents: Number(row.revenue_cents),
      })),
    ).toEqual(answer.body.series);
  });

  it('hourly granularity and a currency filter', async () => {
    const answer = await revenueOf({ from: '2025-03-01', to: '2025-03-01', granularity: 'hour', currency: 'USD' });
    expect(answer.body.series).toEqual([{ period: '2025-03-01T08:00:00Z', currency: 'USD', payments: 2, revenueCents: 3_500 }]);
  });

  it('is cached with the revenue namespace: a repeat is a hit', async () => {
    const query = { from: '2025-03-04', to: '2025-03-06' };
    const first = await revenueOf(query);
    const second = await revenueOf(query);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(second.headers['x-cache']).toMatch(/^HIT-/);
    expect(second.body).toEqual(first.body);
  });

  it('is for admins only, and validates the range', async () => {
    expect((await revenueOf({ from: '2025-03-01', to: '2025-03-03' }, driver('user-1'))).status).toBe(403);
    expect((await revenueOf({ from: '2025-03-03', to: '2025-03-01' })).status).toBe(400);
    expect((await revenueOf({ from: '2024-01-01', to: '2025-03-01' })).status).toBe(400);
    expect((await revenueOf({ from: '2025-03-01', to: '2025-04-15', granularity: 'hour' })).status).toBe(400);
    expect((await revenueOf({ from: 'yesterday', to: '2025-03-01' })).status).toBe(400);
  });

  it('GET /analytics/vendors/top ranks vendors by revenue in a currency', async () => {
    const answer = await call<{ vendors: Array<{ vendorId: string; revenueCents: number; payments: number }> }>(topVendors, {
      method: 'GET',
      path: '/analytics/vendors/top',
      query: { currency: 'USD', limit: '2' },
      claims: admin(),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.vendors.map(({ vendorId, revenueCents, payments }) => ({ vendorId, revenueCents, payments }))).toEqual([
      { vendorId: 'vendor-a', revenueCents: 11_000, payments: 2 },
      { vendorId: 'vendor-b', revenueCents: 5_500, payments: 2 },
    ]);
    const forbidden = await call(topVendors, { method: 'GET', path: '/analytics/vendors/top', claims: driver('user-1') });
    expect(forbidden.status).toBe(403);
  });
});
