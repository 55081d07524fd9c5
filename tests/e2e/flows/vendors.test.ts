import {
  ApiClient,
  type E2eStack,
  type ErrorBody,
  e2eStack,
  newVendor,
  north,
  remoteSpot,
  type Spot,
  show,
  type TestVendor,
  tokenFor,
  type Vendor,
  waitFor,
} from '../support';

/**
 * Vendors, black-box: an admin creates a vendor, the vendor moves and changes its availability,
 * drivers find it (or not) by search, and its profile comes from the cache with X-Cache.
 */
let stack: E2eStack;
let api: ApiClient;

interface SearchHit extends Vendor {
  readonly distanceKm: number;
}
interface SearchPage {
  readonly items: SearchHit[];
  readonly count: number;
}

beforeAll(() => {
  stack = e2eStack();
  api = new ApiClient(stack);
});

function search(at: Spot, extra: Record<string, string | number | boolean> = {}) {
  return api.get<SearchPage>('/vendors/search', { as: 'driver', query: { lat: at.lat, lon: at.lon, radiusKm: 5, ...extra } });
}

/** Polls the search until the vendor's presence is `present` (a change purges the cached cells; bounded). */
async function awaitInSearch(at: Spot, vendorId: string, present: boolean, extra: Record<string, string | number | boolean> = {}) {
  let last = '';
  return waitFor(
    async () => {
      const page = await search(at, extra);
      last = show(page);
      if (page.status !== 200) return undefined;
      const hit = page.body.items.find((item) => item.vendorId === vendorId);
      return Boolean(hit) === present ? (hit ?? null) : undefined;
    },
    { what: `vendor ${vendorId} ${present ? 'in' : 'not in'} the search near ${at.lat},${at.lon}`, timeoutMs: 15_000 },
    () => last,
  );
}

describe('vendors', () => {
  it('rejects calls without a token (401) and bad bodies (400) with the JSON error body', async () => {
    const anonymous = await api.post<ErrorBody>('/vendors', { body: { name: 'x' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/json');
    // API Gateway's authorizer answers before any function runs, in the same error body (gateway
    // responses in the template; the local adapter likewise), with a request id to quote.
    expect(anonymous.body.error.code).toBe('UNAUTHENTICATED');
    expect((anonymous.body as ErrorBody & { requestId?: string }).requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Under an API prefix: through CloudFront, other top-level paths belong to the static site.
    const unknownRoute = await api.get<ErrorBody>('/vendors/vendor-000000/no-such-route', { as: 'driver' });
    expect(`${unknownRoute.status} ${unknownRoute.body.error.code}`).toBe('404 ROUTE_NOT_FOUND');

    const badBody = await api.post<ErrorBody>('/vendors', { as: 'admin', body: { name: 42, location: { lat: 91, lon: 0 } } });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.code).toBe('VALIDATION_FAILED');
    const fields = (badBody.body.error.details as Array<{ field?: string }>).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'services']));

    const notJson = await api.post<ErrorBody>('/vendors', {
      as: 'admin',
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBeDefined();

    const badSearch = await api.get<ErrorBody>('/vendors/search', { as: 'driver', query: { lat: 91, lon: 0 } });
    expect(badSearch.status).toBe(400);
    expect(badSearch.body.error.code).toBe('VALIDATION_FAILED');

    const driverCreates = await api.post<ErrorBody>('/vendors', {
      as: 'driver',
      body: { name: 'Not an admin', services: ['towing'], location: { lat: 0, lon: 0 } },
    });
    expect(driverCreates.status).toBe(403);
  });

  describe('a vendor an admin creates', () => {
    let vendor: TestVendor;
    const home = remoteSpot();

    beforeAll(async () => {
      vendor = await newVendor(api, stack, home, 'vendors-flow');
    });

    it('is created (201 + Location), and a second create with its id is a 409', async () => {
      const profile = await api.get<Vendor>(`/vendors/${vendor.vendorId}`, { as: 'driver' });
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({ vendorId: vendor.vendorId, name: 'E2E vendors-flow', available: true, location: home });

      const again = await api.post<ErrorBody>('/vendors', {
        as: 'admin',
        body: { vendorId: vendor.vendorId, name: 'Duplicate', services: ['tire'], location: home },
      });
      expect(again.status).toBe(409);
    });

    it('is found by a search near it, nearest first with its distance', async () => {
      const hit = await awaitInSearch(north(home, 0.5), vendor.vendorId, true);
      expect(hit?.distanceKm).toBeCloseTo(0.5, 1);
      const far = await search(north(home, 50));
      expect(far.status).toBe(200);
      expect(far.body.items.map((item) => item.vendorId)).not.toContain(vendor.vendorId);
    });

    it('serves its profile from the cache: MISS, then a HIT with the same ETag, then 304', async () => {
      const other = await newVendor(api, stack, remoteSpot(), 'cache-profile');
      const first = await api.get<Vendor>(`/vendors/${other.vendorId}`, { as: 'driver' });
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('MISS');
      const second = await api.get<Vendor>(`/vendors/${other.vendorId}`, { as: 'driver' });
      expect(second.status).toBe(200);
      // L1 in the container that answered first, L2 (Redis) in another container.
      expect(second.headers.get('x-cache')).toMatch(/^HIT-L[12]$/);
      expect(second.body).toEqual(first.body);
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      const notModified = await api.raw('GET', `/vendors/${other.vendorId}`, {
        as: 'driver',
        headers: { 'if-none-match': etag as string },
      });
      expect(notModified.status).toBe(304);
    });

    it('moves (its own token): the profile and the search follow, another vendor may not move it (403)', async () => {
      const away = north(home, 30);
      const outsider = await tokenFor(stack, {
        userId: 'e2e-outsider',
        email: 'outsider@e2e.roadcall.test',
        roles: ['vendor'],
        vendorId: 'vendor-000000',
      });
      const forbidden = await api.put<ErrorBody>(`/vendors/${vendor.vendorId}/location`, { as: { token: outsider }, body: away });
      expect(forbidden.status).toBe(403);
      const badMove = await api.put<ErrorBody>(`/vendors/${vendor.vendorId}/location`, { as: vendor.as, body: { lat: 'north', lon: 0 } });
      expect(badMove.status).toBe(400);

      const moved = await api.put<Vendor>(`/vendors/${vendor.vendorId}/location`, { as: vendor.as, body: away });
      expect(moved.status).toBe(200);
      expect(moved.body.location).toEqual(away);

      await awaitInSearch(away, vendor.vendorId, true);
      await awaitInSearch(home, vendor.vendorId, false);
      const profile = await waitFor(
        async () => {
          const response = await api.get<Vendor>(`/vendors/${vendor.vendorId}`, { as: 'driver' });
          return response.status === 200 && response.body.location.lat === away.lat ? response : undefined;
        },
        { what: 'the profile to show the new location', timeoutMs: 15_000 },
      );
      expect(profile.body.location).toEqual(away);
    });

    it('goes off duty and back with fewer services: search and availability filters follow', async () => {
      const here = north(home, 30);
      const off = await api.put<Vendor>(`/vendors/${vendor.vendorId}/availability`, { as: vendor.as, body: { available: false } });
      expect(off.status).toBe(200);
      expect(off.body.available).toBe(false);
      await awaitInSearch(here, vendor.vendorId, false);
      const listed = await awaitInSearch(here, vendor.vendorId, true, { includeUnavailable: true });
      expect(listed?.available).toBe(false);

      const driverFlips = await api.put<ErrorBody>(`/vendors/${vendor.vendorId}/availability`, { as: 'driver', body: { available: true } });
      expect(driverFlips.status).toBe(403);

      const on = await api.put<Vendor>(`/vendors/${vendor.vendorId}/availability`, {
        as: vendor.as,
        body: { available: true, services: ['towing'] },
      });
      expect(on.status).toBe(200);
      expect(on.body).toMatchObject({ available: true, services: ['towing'] });
      await awaitInSearch(here, vendor.vendorId, true, { service: 'towing' });
      await awaitInSearch(here, vendor.vendorId, false, { service: 'winch' });
    });
  });
});
