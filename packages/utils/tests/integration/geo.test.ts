import { randomUUID } from 'node:crypto';
import type { RedisClient } from '@roadcall/utils/redis';
import { GeoIndex, type GeoMember, haversineKm } from '../../src/geo';
import { createRedisClient } from '../../src/redis';

type Summary = { name: string };

describe('GeoIndex on real Redis', () => {
  let redis: RedisClient;
  let index: GeoIndex<Summary>;
  const prefix = `test:geo:${randomUUID()}`;

  beforeAll(() => {
    redis = createRedisClient();
    index = new GeoIndex<Summary>({ redis, prefix });
  });
  afterAll(async () => {
    await index.clear();
    await redis.quit();
  });

  const member = (id: string, lat: number, lon: number, extra: Partial<GeoMember<Summary>> = {}): GeoMember<Summary> => ({
    id,
    lat,
    lon,
    services: ['towing'],
    available: true,
    summary: { name: id },
    ...extra,
  });

  it('returns the nearest members with haversine distances (within 0.5%), nearest first', async () => {
    const center = { lat: 37.7749, lon: -122.4194 };
    const members = Array.from({ length: 40 }, (_, i) => member(`m${i}`, center.lat + (i - 20) * 0.01, center.lon + ((i * 7) % 13) * 0.01));
    await index.addMany(members);
    const { hits, cells } = await index.search({ ...center, radiusKm: 20, limit: 25 });
    expect(hits).toHaveLength(25);
    expect(cells.length).toBeGreaterThan(0);
    for (let i = 1; i < hits.length; i++) expect(hits[i]?.distanceKm).toBeGreaterThanOrEqual(hits[i - 1]?.distanceKm as number);
    for (const hit of hits) {
      const truth = members.find((m) => m.id === hit.id) as GeoMember<Summary>;
      const expected = haversineKm(center, truth);
      expect(Math.abs(hit.distanceKm - expected)).toBeLessThanOrEqual(expected * 0.005 + 1e-6);
      expect(hit.summary.name).toBe(hit.id);
    }
    // The 25 nearest by haversine are exactly the 25 returned.
    const truthNearest = [...members]
      .sort((a, b) => haversineKm(center, a) - haversineKm(center, b))
      .slice(0, 25)
      .map((m) => m.id);
    expect(new Set(hits.map((h) => h.id))).toEqual(new Set(truthNearest));
  });

  it('finds a member just across a cell boundary and merges cells by distance', async () => {
    // Columns of 0.5° meet at -122.0: the query is west of it, the members east and west.
    await index.upsert(member('east', 36.7, -121.999));
    await index.upsert(member('west', 36.7, -122.01));
    const query = { lat: 36.7, lon: -122.001, radiusKm: 2, limit: 10 };
    expect(index.cellOf({ lat: 36.7, lon: -121.999 }).id).not.toBe(index.cellOf(query).id);
    const { hits } = await index.search(query);
    expect(hits.map((h) => h.id)).toEqual(['east', 'west']);
  });

  it('tracks availability per service and moves members between cells', async () => {
    await index.upsert(member('svc', 35.1, -120.1, { services: ['towing', 'fuel'] }));
    const q = { lat: 35.1, lon: -120.1, radiusKm: 5, limit: 5 };
    expect((await index.search({ ...q, service: 'fuel' })).hits.map((h) => h.id)).toEqual(['svc']);
    expect((await index.search({ ...q, service: 'lockout' })).hits).toEqual([]);

    const change = await index.upsert(member('svc', 35.1, -120.1, { services: ['towing'], available: false }));
    expect(change.previousCell).toBeUndefined();
    expect((await index.search(q)).hits).toEqual([]);
    expect((await index.search({ ...q, service: 'fuel', includeUnavailable: true })).hits).toEqual([]);
    expect((await index.search({ ...q, includeUnavailable: true })).hits.map((h) => h.available)).toEqual([false]);

    const moved = await index.upsert(member('svc', 35.9, -119.2, { available: true }));
    expect(moved.previousCell?.id).toBe(index.cellOf(q).id);
    expect((await index.search({ ...q, includeUnavailable: true })).hits).toEqual([]);
    expect((await index.search({ lat: 35.9, lon: -119.2, radiusKm: 1, limit: 5 })).hits.map((h) => h.id)).toEqual(['svc']);
    expect(await redis.hexists(index.keys.meta(index.cellOf(q)), 'svc')).toBe(0);

    await index.remove('svc');
    expect((await index.search({ lat: 35.9, lon: -119.2, radiusKm: 1, limit: 5, includeUnavailable: true })).hits).toEqual([]);
    expect(await index.locate('svc')).toBeUndefined();
  });

  it('rejects an invalid query with a 400 before touching Redis', async () => {
    await expect(index.search({ lat: 91, lon: 0, radiusKm: 10, limit: 5 })).rejects.toMatchObject({ httpStatus: 400 });
  });
});
