import { randomUUID } from 'node:crypto';
import { ENV, VENDORS_ROUTES } from '@roadcall/contracts';
import { DEMO_USERS, moduleResolver, type RunningApiServer, signLocalToken, startApiServer } from '@roadcall/local';
import { closeCaches } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { vendorGeoIndex, vendorIndexMirror } from '../../src';
import { deleteVendors, ensureIndexReady, randomPoint } from '../support/fixtures';

/** The vendors routes through the real adapter, authorizer and handler wrapper, on real engines. */
let server: RunningApiServer;
const tokens: Record<'driver' | 'admin' | 'vendor' | 'otherVendor', string> = { driver: '', admin: '', vendor: '', otherVendor: '' };
const created = new Set<string>();
const run = randomUUID().slice(0, 8);
const ownVendorId = `test-route-${run}`;

beforeAll(async () => {
  const secret = process.env[ENV.localJwtSecret] as string;
  server = await startApiServer({ routes: VENDORS_ROUTES, resolve: moduleResolver(), jwtSecret: secret, stage: 'test' });
  tokens.driver = await signLocalToken(DEMO_USERS.driver, secret);
  tokens.admin = await signLocalToken(DEMO_USERS.admin, secret);
  tokens.vendor = await signLocalToken({ ...DEMO_USERS.vendor, userId: `user-${ownVendorId}`, vendorId: ownVendorId }, secret);
  tokens.otherVendor = await signLocalToken({ ...DEMO_USERS.vendor, userId: 'user-other', vendorId: `other-${run}` }, secret);
  await ensureIndexReady(vendorIndexMirror());
});
afterAll(async () => {
  await deleteVendors(created, vendorGeoIndex());
  await server.close();
  await Promise.allSettled([closeCaches(), closeRedisClient()]);
});

const call = async (method: string, path: string, as: keyof typeof tokens | undefined, body?: unknown) => {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(as ? { Authorization: `Bearer ${tokens[as]}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field.
  const json: any = response.status === 204 ? undefined : await response.json();
  return { status: response.status, headers: response.headers, json };
};

const createVendor = async (vendorId: string, location: { lat: number; lon: number }, extra: Record<string, unknown> = {}) => {
  created.add(vendorId);
  return call('POST', '/vendors', 'admin', {
    vendorId,
    name: `Route ${vendorId}`,
    services: ['towing', 'tire'],
    location,
    available: true,
    rating: 4.2,
    ...extra,
  });
};

describe('vendors routes', () => {
  const home = randomPoint();

  beforeAll(async () => {
    expect((await createVendor(ownVendorId, home)).status).toBe(201);
  });

  it('POST /vendors: admins only (403 for a driver), 409 on a taken id, 400 on a bad body', async () => {
    const id = `test-route-new-${run}`;
    expect(
      (await call('POST', '/vendors', 'driver', { vendorId: id, name: 'x', services: ['towing'], location: randomPoint() })).status,
    ).toBe(403);
    const made = await createVendor(id, randomPoint());
    expect(made.status).toBe(201);
    expect(made.headers.get('location')).toBe(`/vendors/${id}`);
    expect((await createVendor(id, randomPoint())).status).toBe(409);
    const bad = await call('POST', '/vendors', 'admin', { name: 'x', services: ['teleport'], location: { lat: 100, lon: 0 } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('VALIDATION_FAILED');
  });

  it('GET /vendors/{id}: X-Cache MISS then HIT, 404 for an unknown id, 401 without a token', async () => {
    const first = await call('GET', `/vendors/${ownVendorId}`, 'driver');
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ vendorId: ownVendorId, services: ['towing', 'tire'] });
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await call('GET', `/vendors/${ownVendorId}`, 'driver');
    expect(second.headers.get('x-cache')).toMatch(/^HIT-L[12]$/);
    expect(second.json).toEqual(first.json);
    expect((await call('GET', `/vendors/missing-${run}`, 'driver')).status).toBe(404);
    expect((await call('GET', `/vendors/${ownVendorId}`, undefined)).status).toBe(401);
  });

  it('GET /vendors/search: finds the vendor with its distance; bad coordinates, radius or limit are a JSON 400', async () => {
    const found = await call('GET', `/vendors/search?lat=${home.lat}&lon=${home.lon + 0.005}&radiusKm=2&service=tire&limit=5`, 'driver');
    expect(found.status).toBe(200);
    expect(found.json.items.map((item: { vendorId: string }) => item.vendorId)).toEqual([ownVendorId]);
    expect(found.json.items[0].distanceKm).toBeGreaterThan(0.2);
    for (const query of [
      'lat=91&lon=0',
      'lat=0&lon=-180.5',
      'lat=abc&lon=0',
      'lon=0',
      'lat=0&lon=0&radiusKm=0.05',
      'lat=0&lon=0&radiusKm=101',
      'lat=0&lon=0&limit=0',
      'lat=0&lon=0&limit=101',
      'lat=0&lon=0&service=teleport',
    ]) {
      const bad = await call('GET', `/vendors/search?${query}`, 'driver');
      expect({ query, status: bad.status }).toEqual({ query, status: 400 });
      expect(bad.json.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('PUT availability and location: a driver or another vendor gets 403; the vendor itself changes it and caches follow', async () => {
    const searchHome = `/vendors/search?lat=${home.lat}&lon=${home.lon}&radiusKm=1&limit=5`;
    expect((await call('GET', searchHome, 'driver')).json.count).toBe(1);
    await call('GET', `/vendors/${ownVendorId}`, 'driver');

    expect((await call('PUT', `/vendors/${ownVendorId}/availability`, 'driver', { available: false })).status).toBe(403);
    expect((await call('PUT', `/vendors/${ownVendorId}/location`, 'otherVendor', randomPoint())).status).toBe(403);
    expect((await call('PUT', `/vendors/${ownVendorId}/location`, 'driver', randomPoint())).status).toBe(403);

    const off = await call('PUT', `/vendors/${ownVendorId}/availability`, 'vendor', { available: false });
    expect(off.status).toBe(200);
    expect(off.json.available).toBe(false);
    expect((await call('GET', searchHome, 'driver')).json.count).toBe(0);
    const profile = await call('GET', `/vendors/${ownVendorId}`, 'driver');
    expect(profile.headers.get('x-cache')).toBe('MISS');
    expect(profile.json.available).toBe(false);

    await call('PUT', `/vendors/${ownVendorId}/availability`, 'vendor', { available: true });
    const elsewhere = { lat: home.lat + 0.7, lon: home.lon };
    expect((await call('PUT', `/vendors/${ownVendorId}/location`, 'vendor', elsewhere)).status).toBe(200);
    expect((await call('GET', searchHome, 'driver')).json.count).toBe(0);
    const there = await call('GET', `/vendors/search?lat=${elsewhere.lat}&lon=${elsewhere.lon}&radiusKm=1&limit=5`, 'driver');
    expect(there.json.items.map((item: { vendorId: string }) => item.vendorId)).toEqual([ownVendorId]);
    expect((await call('GET', `/vendors/${ownVendorId}`, 'driver')).json.location).toEqual(elsewhere);
    expect((await call('PUT', `/vendors/${ownVendorId}/location`, 'admin', { lat: 91, lon: 0 })).status).toBe(400);
  });

  it('GET /vendors: pages with a signed cursor through every vendor exactly once; a tampered cursor is a 400', async () => {
    const mine = Array.from({ length: 11 }, (_, i) => `test-route-page-${run}-${i}`);
    for (const id of mine) expect((await createVendor(id, randomPoint())).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await call('GET', `/vendors?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, 'driver');
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.json.items.map((item: { vendorId: string }) => item.vendorId));
      cursor = page.json.nextCursor;
      expect(page.json.hasMore).toBe(cursor !== null);
      pages++;
    } while (cursor && pages < 1_000);
    expect(pages).toBeGreaterThan(1);
    for (const id of mine) expect(seen.filter((vendorId) => vendorId === id)).toHaveLength(1);

    const first = await call('GET', '/vendors?limit=10', 'driver');
    const [version, body, mac] = String(first.json.nextCursor).split('.');
    const forged = Buffer.from(JSON.stringify({ k: 'vendor-999999' })).toString('base64url');
    expect(body).not.toBe(forged);
    expect((await call('GET', `/vendors?cursor=${version}.${forged}.${mac}`, 'driver')).status).toBe(400);
    expect((await call('GET', '/vendors?cursor=garbage', 'driver')).status).toBe(400);
    expect((await call('GET', '/vendors?limit=5000', 'driver')).status).toBe(400);
  });
});
