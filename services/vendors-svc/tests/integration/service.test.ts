import { randomUUID } from 'node:crypto';
import { type Cache, createCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { GeoIndex, haversineKm } from '@roadcall/utils/geo';
import { createRedisClient, type RedisClient } from '@roadcall/utils/redis';
import { DynamoVendorRepository, type NewVendor, VendorService, type VendorSummary, vendorTableClient } from '../../src';
import { ADMIN, DRIVER, deleteVendors, randomPoint, uniqueVendorId, vendorUser } from '../support/fixtures';

/** Every test here gets its own index prefix and cache prefix on the shared engines. */
describe('VendorService on real Redis and dynalite', () => {
  let redis: RedisClient;
  let index: GeoIndex<VendorSummary>;
  let profiles: Cache;
  let searches: Cache;
  let service: VendorService;
  const created = new Set<string>();
  const prefix = `test:vsvc:${randomUUID()}`;

  beforeAll(async () => {
    redis = createRedisClient();
    index = new GeoIndex<VendorSummary>({ redis, prefix: `${prefix}:geo` });
    profiles = createCache({ namespace: 'vendorProfile', redis, subscriber: false, prefix });
    searches = createCache({ namespace: 'vendorSearch', redis, subscriber: false, prefix });
    service = new VendorService({
      repo: new DynamoVendorRepository(await vendorTableClient({}), tableName('vendors')),
      index,
      profiles,
      searches,
    });
  });
  afterAll(async () => {
    await deleteVendors(created, index);
    await index.clear();
    await Promise.all([profiles.invalidateNamespace(), searches.invalidateNamespace()]);
    await redis.quit();
  });

  const create = async (input: Partial<NewVendor> & { location: { lat: number; lon: number } }) => {
    const vendorId = input.vendorId ?? uniqueVendorId();
    created.add(vendorId);
    return service.create({ name: `Vendor ${vendorId}`, services: ['towing'], available: true, rating: 4.5, ...input, vendorId });
  };
  /** A point `km` east of `origin`. */
  const east = (origin: { lat: number; lon: number }, km: number) => ({
    lat: origin.lat,
    lon: origin.lon + km / (111.195 * Math.cos((origin.lat * Math.PI) / 180)),
  });

  it('returns distances that match haversine within 0.5%, nearest first, cached or not', async () => {
    const origin = randomPoint();
    const points = [0.3, 1.2, 2.5, 4, 7.5].map((km, i) => ({
      km,
      point: i % 2 ? east(origin, km) : { lat: origin.lat + km / 111.195, lon: origin.lon },
    }));
    for (const { point } of points) await create({ location: point });
    for (const options of [{ cache: false }, {}, {}]) {
      const { value } = await service.search({ ...origin, radiusKm: 10, limit: 10 }, options);
      expect(value).toHaveLength(points.length);
      value.forEach((match, i) => {
        const truth = haversineKm(origin, match.location);
        expect(Math.abs(match.distanceKm - truth)).toBeLessThanOrEqual(truth * 0.005 + 0.001);
        if (i > 0) expect(match.distanceKm).toBeGreaterThanOrEqual(value[i - 1]?.distanceKm as number);
      });
      expect(value.map((m) => Math.round(m.distanceKm * 10) / 10)).toEqual(points.map((p) => Math.round(p.km * 10) / 10));
    }
  });

  it('filters by availability and by service', async () => {
    const origin = randomPoint();
    const towing = await create({ location: east(origin, 1), services: ['towing'] });
    const fuel = await create({ location: east(origin, 2), services: ['fuel', 'tire'] });
    const off = await create({ location: east(origin, 3), services: ['fuel'], available: false });
    const q = { ...origin, radiusKm: 5, limit: 10 };
    expect((await service.search(q)).value.map((m) => m.vendorId)).toEqual([towing.vendorId, fuel.vendorId]);
    expect((await service.search({ ...q, service: 'fuel' })).value.map((m) => m.vendorId)).toEqual([fuel.vendorId]);
    expect((await service.search({ ...q, service: 'lockout' })).value).toEqual([]);
    expect((await service.search({ ...q, service: 'fuel', includeUnavailable: true })).value.map((m) => m.vendorId)).toEqual([
      fuel.vendorId,
      off.vendorId,
    ]);
    expect((await service.findNearestAvailable({ ...origin, service: 'fuel', radiusKm: 5 })).map((m) => m.vendorId)).toEqual([
      fuel.vendorId,
    ]);
  });

  it('finds a vendor just across a cell boundary', async () => {
    // 0.5° cells: -150.0 is a column edge. The searcher is 100 m west of it, the vendor 100 m east.
    const lat = 20 + Math.random() * 30;
    const searcher = { lat, lon: -150.0011 };
    const vendor = await create({ location: { lat, lon: -149.9989 } });
    expect(index.cellOf(searcher).id).not.toBe(index.cellOf(vendor.location).id);
    for (const options of [{ cache: false }, {}]) {
      const { value } = await service.search({ ...searcher, radiusKm: 0.5, limit: 5 }, options);
      expect(value.map((m) => m.vendorId)).toEqual([vendor.vendorId]);
    }
  });

  it('shares one search cache entry between nearby searchers and re-measures from each', async () => {
    // Both points snap to the grid point (40.12, -160.45).
    const origin = { lat: 40.121 + Math.random() * 0.002, lon: -160.452 + Math.random() * 0.001 };
    const vendor = await create({ location: east(origin, 2) });
    const first = await service.search({ ...origin, radiusKm: 5, limit: 5 });
    const nearby = { lat: origin.lat + 0.001, lon: origin.lon + 0.001 };
    const second = await service.search({ ...nearby, radiusKm: 5, limit: 5 });
    expect(first.cache).toBe('MISS');
    expect(second.cache).toBe('HIT-L1');
    expect(second.value[0]?.vendorId).toBe(vendor.vendorId);
    expect(second.value[0]?.distanceKm).toBeCloseTo(haversineKm(nearby, vendor.location), 3);
  });

  it('invalidates cached searches and profiles after an availability change', async () => {
    const origin = randomPoint();
    const vendor = await create({ location: east(origin, 1) });
    const q = { ...origin, radiusKm: 3, limit: 5 };
    expect((await service.search(q)).value.map((m) => m.vendorId)).toEqual([vendor.vendorId]);
    expect((await service.search(q)).cache).toBe('HIT-L1');
    await service.getProfile(vendor.vendorId);
    expect((await service.getProfile(vendor.vendorId)).cache).toBe('HIT-L1');

    await service.updateAvailability(vendorUser(vendor.vendorId), vendor.vendorId, { available: false });
    const after = await service.search(q);
    expect(after.cache).toBe('MISS');
    expect(after.value).toEqual([]);
    const profile = await service.getProfile(vendor.vendorId);
    expect(profile.cache).toBe('MISS');
    expect(profile.value.available).toBe(false);
  });

  it('invalidates cached searches after a location change, in both the old and the new cell', async () => {
    const origin = randomPoint();
    const far = { lat: origin.lat, lon: origin.lon + 3 };
    const vendor = await create({ location: east(origin, 1) });
    expect((await service.search({ ...origin, radiusKm: 3, limit: 5 })).value).toHaveLength(1);
    expect((await service.search({ ...far, radiusKm: 3, limit: 5 })).value).toHaveLength(0);

    await service.updateLocation(ADMIN, vendor.vendorId, east(far, 0.5));
    expect((await service.search({ ...origin, radiusKm: 3, limit: 5 })).value).toHaveLength(0);
    const moved = await service.search({ ...far, radiusKm: 3, limit: 5 });
    expect(moved.cache).toBe('MISS');
    expect(moved.value.map((m) => m.vendorId)).toEqual([vendor.vendorId]);
    expect((await service.getProfile(vendor.vendorId)).value.location).toEqual(east(far, 0.5));
  });

  it('invalidates cached searches and profiles after a profile change', async () => {
    const origin = randomPoint();
    const vendor = await create({ location: east(origin, 1), name: 'Before' });
    expect((await service.search({ ...origin, radiusKm: 3, limit: 5 })).value[0]?.name).toBe('Before');
    expect((await service.getProfile(vendor.vendorId)).value.name).toBe('Before');
    await service.updateProfile(ADMIN, vendor.vendorId, { name: 'After', services: ['towing', 'winch'] });
    const search = await service.search({ ...origin, radiusKm: 3, limit: 5, service: 'winch' });
    expect(search.value.map((m) => m.name)).toEqual(['After']);
    expect((await service.search({ ...origin, radiusKm: 3, limit: 5 })).value[0]?.name).toBe('After');
    expect((await service.getProfile(vendor.vendorId)).value.name).toBe('After');
  });

  it('lets only the vendor itself or an admin change a vendor', async () => {
    const vendor = await create({ location: randomPoint() });
    await expect(service.updateAvailability(DRIVER, vendor.vendorId, { available: false })).rejects.toMatchObject({ httpStatus: 403 });
    await expect(service.updateLocation(vendorUser('someone-else'), vendor.vendorId, randomPoint())).rejects.toMatchObject({
      httpStatus: 403,
    });
    await expect(service.updateAvailability(vendorUser(vendor.vendorId), vendor.vendorId, { available: false })).resolves.toMatchObject({
      available: false,
    });
    await expect(service.updateLocation(ADMIN, 'no-such-vendor', randomPoint())).rejects.toMatchObject({ httpStatus: 404 });
  });

  it('caches an unknown id as not found, and serves the vendor once it is created', async () => {
    const vendorId = uniqueVendorId();
    await expect(service.getProfile(vendorId)).rejects.toMatchObject({ httpStatus: 404 });
    await create({ vendorId, location: randomPoint() });
    await expect(service.getProfile(vendorId)).resolves.toMatchObject({ value: { vendorId } });
    await expect(create({ vendorId, location: randomPoint() })).rejects.toMatchObject({ httpStatus: 409 });
  });

  it('rejects bad coordinates with a 400', async () => {
    await expect(service.search({ lat: 95, lon: 0, radiusKm: 5, limit: 5 })).rejects.toMatchObject({ httpStatus: 400 });
    await expect(service.search({ lat: 0, lon: 200, radiusKm: 5, limit: 5 })).rejects.toMatchObject({ httpStatus: 400 });
  });
});
