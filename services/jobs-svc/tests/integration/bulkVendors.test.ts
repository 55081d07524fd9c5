import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ENV, PLATFORM_ROUTES, VENDORS_ROUTES } from '@roadcall/contracts';
import { localFunctionCaller, moduleResolver, type RunningApiServer, startApiServer } from '@roadcall/local';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { setFunctionCaller } from '@roadcall/utils/invoke';
import { findNearestAvailable, vendorGeoIndex, vendorService } from '@roadcall/vendors-svc';
import { createJobsConsumer } from '../../src/consumer';
import { createRegistry } from '../../src/processors';
import { type Consumer, call, type Harness, newUser, startHarness, waitFor } from './support';

/**
 * A bulk disable through the real jobs consumer, the real vendors function (in-process, as Lambda
 * Invoke runs it) and the real vendors routes: afterwards the vendors are out of search and
 * matching and their cached profiles are gone, and the job reports per-item failures.
 */
jest.setTimeout(60_000);

let harness: Harness;
let vendorsApi: RunningApiServer;
let platformApi: RunningApiServer;
const created: string[] = [];

beforeAll(async () => {
  harness = await startHarness({ consumer: (): Consumer => createJobsConsumer({ registry: createRegistry(), progressIntervalMs: 0 }) });
  vendorsApi = await startApiServer({
    routes: VENDORS_ROUTES,
    resolve: moduleResolver(),
    jwtSecret: process.env[ENV.localJwtSecret] as string,
    stage: 'test',
  });
  // The audit log is read as an admin reads it: GET /admin/audit of the platform service.
  platformApi = await startApiServer({
    routes: PLATFORM_ROUTES.filter((route) => route.id === 'platform.auditLog'),
    resolve: moduleResolver(),
    jwtSecret: process.env[ENV.localJwtSecret] as string,
    stage: 'test',
  });
});

afterAll(async () => {
  const index = vendorGeoIndex();
  for (const vendorId of created) {
    await dynamoDocumentClient().send(new DeleteCommand({ TableName: tableName('vendors'), Key: { vendorId } }));
    await index.remove(vendorId);
  }
  await vendorsApi.close();
  await platformApi.close();
  await harness.stop();
  await closeCaches();
});

async function get(path: string, token: string): Promise<{ status: number; body: Record<string, unknown>; cache: string | null }> {
  const response = await fetch(`${vendorsApi.url}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cache: response.headers.get('x-cache') };
}

it('a bulk disable takes the vendors out of search and matching, purges their profiles, and reports the missing one', async () => {
  // A place of its own (south Atlantic), so no other test's vendors are in reach.
  const place = { lat: -30 - Math.random() * 5, lon: -20 - Math.random() * 5 };
  const tag = randomUUID().slice(0, 8);
  const service = await vendorService();
  const ids = Array.from({ length: 5 }, (_, index) => `v-bulk-${tag}-${index}`);
  for (const [index, vendorId] of ids.entries()) {
    created.push(vendorId);
    await service.create({
      vendorId,
      name: vendorId,
      services: ['towing'],
      location: { lat: place.lat, lon: place.lon + 0.005 * (index + 1) },
      available: true,
      rating: 4,
    });
  }
  const disabled = ids.slice(0, 3);
  const kept = ids.slice(3);
  const driverToken = await newUser(['driver']).token();
  const searchPath = `/vendors/search?lat=${place.lat}&lon=${place.lon}&radiusKm=5&service=towing`;

  // Warm every cache that could keep a disabled vendor alive: its profile, the search, both tiers.
  for (const vendorId of disabled) {
    await get(`/vendors/${vendorId}`, driverToken);
    expect((await get(`/vendors/${vendorId}`, driverToken)).cache).toMatch(/^HIT/);
  }
  // The first search of a fresh Redis starts the index's rebuild (answered from the table meanwhile).
  await waitFor(async () => (await get(searchPath, driverToken)).cache !== 'BYPASS', 20_000, 'the geo index');
  const warm = await get(searchPath, driverToken);
  expect(warm.cache).toMatch(/^HIT/);
  expect((warm.body.items as Array<{ vendorId: string }>).map((v) => v.vendorId).sort()).toEqual(ids);
  expect((await findNearestAvailable({ ...place, service: 'towing', radiusKm: 5 })).map((v) => v.vendorId).sort()).toEqual(ids);

  const admin = newUser(['admin']);
  const missing = `v-bulk-${tag}-missing`;
  const posted = await call(harness.api, 'POST', '/jobs', await admin.token(), {
    type: 'bulk_operation',
    params: { operation: 'update_vendors', set: { available: false }, vendorIds: [...disabled, missing] },
  });
  expect(posted.status).toBe(202);
  const jobId = posted.body.jobId as string;
  const job = await waitFor(
    async () => {
      const current = await harness.store.get(jobId, true);
      return current?.status === 'completed' ? current : undefined;
    },
    30_000,
    'the bulk job',
  );
  expect(job).toMatchObject({ progress: 100, processedItems: 4, totalItems: 4 });
  expect(job.result?.summary).toMatchObject({ updated: 3, failed: 1 });
  expect(job.result?.errors).toEqual([{ item: missing, error: 'Vendor not found' }]);

  // Profiles: purged, so the next read is the table's truth.
  for (const vendorId of disabled) {
    const profile = await get(`/vendors/${vendorId}`, driverToken);
    expect(profile.cache).toBe('MISS');
    expect(profile.body.available).toBe(false);
  }
  // Search (its cached entry purged by cell) and matching (the live index): only the others.
  const after = await get(searchPath, driverToken);
  expect(after.cache).toBe('MISS');
  expect((after.body.items as Array<{ vendorId: string }>).map((v) => v.vendorId).sort()).toEqual(kept);
  expect((await findNearestAvailable({ ...place, service: 'towing', radiusKm: 5 })).map((v) => v.vendorId).sort()).toEqual(kept);
});

interface AuditItem {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details?: Record<string, unknown>;
}

/** The audit entries about one job, read through GET /admin/audit (newest first, a page of 100). */
async function auditOf(jobId: string, token: string): Promise<AuditItem[]> {
  const response = await fetch(`${platformApi.url}/admin/audit?limit=100`, { headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { items: AuditItem[] };
  return body.items.filter((item) => item.subject === jobId);
}

it("records an admin's bulk operation in the platform's audit log: who, what, how many", async () => {
  const admin = newUser(['admin']);
  const token = await admin.token();
  const posted = await call(harness.api, 'POST', '/jobs', token, {
    type: 'bulk_operation',
    params: { operation: 'update_vendors', set: { rating: 3, available: true }, vendorIds: ['v-audit-a', 'v-audit-b', 'v-audit-a'] },
  });
  expect(posted.status).toBe(202);
  const jobId = posted.body.jobId as string;
  expect(await auditOf(jobId, token)).toEqual([
    expect.objectContaining({
      actor: admin.userId,
      action: 'jobs.bulk',
      subject: jobId,
      details: { type: 'bulk_operation', operation: 'update_vendors', set: ['available', 'rating'], vendors: 2 },
    }),
  ]);
  // Other job types are not admin actions: nothing recorded.
  const exported = await call(harness.api, 'POST', '/jobs', token, { type: 'export', params: { source: 'incidents' } });
  expect(exported.status).toBe(202);
  expect(await auditOf(exported.body.jobId as string, token)).toEqual([]);
  await waitFor(async () => ['completed', 'failed'].includes(String((await harness.store.get(jobId, true))?.status)), 30_000, 'the job');
});

it('does not run a bulk operation it could not audit: 503, the job cancelled', async () => {
  const local = localFunctionCaller(moduleResolver());
  setFunctionCaller({
    call: (functionId, payload) =>
      functionId === 'platform.recordAudit' ? Promise.reject(new Error('platform is down')) : local.call(functionId, payload),
  });
  try {
    const admin = newUser(['admin']);
    const before = await harness.store.listByUser(admin.userId, { limit: 10 });
    expect(before.items).toEqual([]);
    const posted = await call(harness.api, 'POST', '/jobs', await admin.token(), {
      type: 'bulk_operation',
      params: { operation: 'update_vendors', set: { available: false }, vendorIds: ['v-audit-c'] },
    });
    expect(posted.status).toBe(503);
    const jobs = (await harness.store.listByUser(admin.userId, { limit: 10 })).items;
    expect(jobs.map((job) => job.status)).toEqual(['cancelled']);
  } finally {
    setFunctionCaller(local);
  }
});
