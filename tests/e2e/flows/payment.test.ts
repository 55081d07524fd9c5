import { randomUUID } from 'node:crypto';
import {
  ApiClient,
  completedIncident,
  type E2eStack,
  type ErrorBody,
  e2eStack,
  type Incident,
  newDriver,
  newVendor,
  remoteSpot,
  type TestUser,
  type TestVendor,
} from '../support';

/**
 * A payment after a completed incident, black-box. The payments table and the analytics views
 * exist only if the migrations ran (`pnpm dev` runs them at start; the cloud assembly's CDK
 * trigger runs them at deploy): every answer here depends on them.
 */
let stack: E2eStack;
let api: ApiClient;
let driver: TestUser;
let vendor: TestVendor;
let incident: Incident;

interface Payment {
  readonly id: string;
  readonly incidentId: string;
  readonly vendorId: string;
  readonly userId: string;
  readonly amountCents: number;
  readonly currency: string;
  readonly status: string;
}

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  driver = await newDriver(stack, 'payment');
  vendor = await newVendor(api, stack, remoteSpot(), 'payment-flow');
  incident = await completedIncident(api, driver, vendor);
});

describe('a payment for a completed incident', () => {
  let payment: Payment;
  const key = randomUUID();

  it('needs an Idempotency-Key (400) and a valid body (400)', async () => {
    const body = { incidentId: incident.incidentId, vendorId: vendor.vendorId, amountCents: 8_950, currency: 'USD' };
    const noKey = await api.post<ErrorBody>('/payments', { as: driver.as, body });
    expect(noKey.status).toBe(400);
    expect(noKey.body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    const floatAmount = await api.post<ErrorBody>('/payments', {
      as: driver.as,
      body: { ...body, amountCents: 89.5 },
      headers: { 'idempotency-key': randomUUID() },
    });
    expect(floatAmount.status).toBe(400);
    expect(floatAmount.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('is paid once: 201, then the same key gives the same payment (200, Idempotent-Replayed), another body with it 422', async () => {
    expect(incident.status).toBe('completed');
    const body = {
      incidentId: incident.incidentId,
      vendorId: vendor.vendorId,
      amountCents: 8_950,
      currency: 'USD',
      description: 'e2e tow',
    };
    const created = await api.post<Payment>('/payments', { as: driver.as, body, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    payment = created.body;
    expect(payment).toMatchObject({ incidentId: incident.incidentId, vendorId: vendor.vendorId, amountCents: 8_950, currency: 'USD' });
    expect(created.headers.get('location')).toBe(`/payments/${payment.id}`);

    const replay = await api.post<Payment>('/payments', { as: driver.as, body, headers: { 'idempotency-key': key } });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(payment);

    const reused = await api.post<ErrorBody>('/payments', {
      as: driver.as,
      body: { ...body, amountCents: 9_000 },
      headers: { 'idempotency-key': key },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('is readable by its owner and an admin, listed once, and hidden from anyone else (404)', async () => {
    const own = await api.get<Payment>(`/payments/${payment.id}`, { as: driver.as });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(payment);
    const byAdmin = await api.get<Payment>(`/payments/${payment.id}`, { as: 'admin' });
    expect(byAdmin.status).toBe(200);
    const other = await newDriver(stack, 'payment-other');
    const hidden = await api.get<ErrorBody>(`/payments/${payment.id}`, { as: other.as });
    expect(hidden.status).toBe(404);

    const list = await api.get<{ items: Payment[]; nextCursor: string | null; hasMore: boolean }>('/payments', { as: driver.as });
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([payment]);
    expect(list.body.nextCursor).toBeNull();
    expect(list.body.hasMore).toBe(false);
    const othersList = await api.get<{ items: Payment[] }>('/payments', { as: other.as });
    expect(othersList.body.items).toEqual([]);
  });

  it('revenue and top-vendor analytics answer from the materialized views (admin only)', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const revenue = await api.get<{ series: unknown[]; totals: unknown[]; refreshedAt: string | null }>('/analytics/revenue', {
      as: 'admin',
      query: { from: today, to: today },
    });
    expect(revenue.status).toBe(200);
    expect(revenue.body).toMatchObject({ from: today, to: today, granularity: 'day' });
    expect(Array.isArray(revenue.body.series)).toBe(true);
    expect(Array.isArray(revenue.body.totals)).toBe(true);
    // Migration 0002 records the views it creates in analytics_refreshes: a timestamp only if it ran.
    expect(Number.isNaN(Date.parse(String(revenue.body.refreshedAt)))).toBe(false);
    const top = await api.get<{ currency: string; vendors: unknown[] }>('/analytics/vendors/top', {
      as: 'admin',
      query: { currency: 'USD', limit: 5 },
    });
    expect(top.status).toBe(200);
    expect(top.body.currency).toBe('USD');
    expect(Array.isArray(top.body.vendors)).toBe(true);

    const badRange = await api.get<ErrorBody>('/analytics/revenue', { as: 'admin', query: { from: 'yesterday', to: today } });
    expect(badRange.status).toBe(400);
    const asDriver = await api.get<ErrorBody>('/analytics/revenue', { as: driver.as, query: { from: today, to: today } });
    expect(asDriver.status).toBe(403);
  });
});
