import { type GeoIndex, haversineKm } from '@roadcall/utils/geo';
import { cellAttributes, GeoIndexMirror, tableGeoSearch, VENDOR_GRID, type Vendor } from '../../src';
import type { CellScanPage } from '../../src/repository';

const at = { lat: 37.7749, lon: -122.4194 };
const vendor = (id: string, eastKm: number, extra: Partial<Vendor> = {}): Vendor => ({
  vendorId: id,
  name: id,
  services: ['towing'],
  location: { lat: at.lat, lon: at.lon + eastKm / (111.195 * Math.cos((at.lat * Math.PI) / 180)) },
  rating: 4,
  available: true,
  createdAt: '2026-11-30T00:00:00.000Z',
  updatedAt: '2026-11-30T00:00:00.000Z',
  ...extra,
});

describe('tableGeoSearch (the fallback while the Redis index is lost)', () => {
  const vendors = [
    vendor('far', 9),
    vendor('b-tie', 2),
    vendor('a-tie', 2),
    vendor('near', 0.5),
    vendor('off', 1, { available: false }),
    vendor('fuel', 1.5, { services: ['fuel'] }),
    vendor('outside', 30),
  ];
  const queried: Array<{ cells: ReadonlyArray<string>; availableOnly: boolean }> = [];
  const cells = {
    async query(cellIds: ReadonlyArray<string>, options: { availableOnly: boolean }) {
      queried.push({ cells: cellIds, availableOnly: options.availableOnly });
      // A vendor seen twice (moved between two cell queries) must count once.
      return [...vendors.filter((v) => cellIds.includes(VENDOR_GRID.cellOf(v.location).id)), vendors[3] as Vendor];
    },
  };

  it('reads only the cells the circle reaches, then filters and orders like the index (distance, then id)', async () => {
    const hits = await tableGeoSearch(cells, { ...at, radiusKm: 10, limit: 10, service: 'towing' });
    expect(hits.map((hit) => hit.id)).toEqual(['near', 'a-tie', 'b-tie', 'far']);
    expect(hits[0]?.distanceKm).toBeCloseTo(haversineKm(at, vendors[3]?.location as Vendor['location']), 9);
    expect(queried.at(-1)).toEqual({ cells: VENDOR_GRID.cellsWithin(at, 10).map((cell) => cell.id), availableOnly: true });
  });

  it('honours includeUnavailable and the limit', async () => {
    const hits = await tableGeoSearch(cells, { ...at, radiusKm: 10, limit: 3, includeUnavailable: true });
    expect(hits.map((hit) => hit.id)).toEqual(['near', 'off', 'fuel']);
    expect(queried.at(-1)?.availableOnly).toBe(false);
  });

  it('derives the byCell attributes from location and availability', () => {
    expect(cellAttributes(vendor('v1', 0))).toEqual({ geoCell: '255:115', geoCellSort: 'on#v1' });
    expect(cellAttributes(vendor('v2', 0, { available: false }))).toEqual({ geoCell: '255:115', geoCellSort: 'off#v2' });
  });
});

describe('GeoIndexMirror', () => {
  /** An index double: its Redis state and lock, and what was asked of it. */
  function fakeIndex(options: { reachable?: boolean; state?: 'ready' | 'building'; lockFree?: boolean } = {}) {
    const calls: string[] = [];
    let state = options.state;
    const index = {
      reachable: () => options.reachable ?? true,
      connected: () => options.reachable ?? true,
      readState: async () => {
        calls.push('readState');
        return state ? { status: state, generation: 1, count: 0, at: '' } : undefined;
      },
      writeState: async (next: { status: 'ready' | 'building' }) => {
        calls.push(`writeState:${next.status}`);
        state = next.status;
      },
      tryLock: async () => {
        calls.push('tryLock');
        return (options.lockFree ?? true) ? 'token' : undefined;
      },
      extendLock: async () => true,
      unlock: async () => {
        calls.push('unlock');
      },
      sync: async (members: ReadonlyArray<{ id: string }>) => {
        calls.push(`sync:${members.length}`);
        return { changed: members.map((m) => m.id), cells: ['255:115'] };
      },
    };
    return { index: index as unknown as GeoIndex<never>, calls };
  }
  const table = {
    scanPage: async (): Promise<CellScanPage> => ({ vendors: [vendor('v1', 1), vendor('v2', 2)], stale: [] }),
    repair: async () => true,
  };

  it('sends nothing to a disconnected Redis: the table answers at once', async () => {
    const { index, calls } = fakeIndex({ reachable: false, state: 'ready' });
    const mirror = new GeoIndexMirror({ index: index as never, table });
    expect(await mirror.mode()).toEqual({ use: 'table', reason: 'redis-unavailable' });
    expect(calls).toEqual([]);
  });

  it('an index without its ready marker is rebuilt in the background, the table answering meanwhile', async () => {
    const { index, calls } = fakeIndex();
    let now = 0;
    let rebuilt = 0;
    const mirror = new GeoIndexMirror({ index: index as never, table, clock: () => now, onRebuilt: async () => void rebuilt++ });
    expect(await mirror.mode()).toEqual({ use: 'table', reason: 'index-rebuilding' });
    await mirror.rebuild(); // joins the background run
    expect(calls).toEqual(['readState', 'tryLock', 'writeState:building', 'sync:2', 'writeState:ready', 'unlock']);
    expect(rebuilt).toBe(1);
    now += 1;
    expect(await mirror.mode()).toEqual({ use: 'index' });
  });

  it('checks the marker at most once per interval', async () => {
    const { index, calls } = fakeIndex({ state: 'ready' });
    let now = 0;
    const mirror = new GeoIndexMirror({ index: index as never, table, clock: () => now, checkIntervalMs: 1_000 });
    await mirror.mode();
    now = 999;
    await mirror.mode();
    expect(calls.filter((call) => call === 'readState')).toHaveLength(1);
    now = 1_000;
    await mirror.mode();
    expect(calls.filter((call) => call === 'readState')).toHaveLength(2);
  });

  it('leaves the rebuild to the container holding the lock', async () => {
    const { index, calls } = fakeIndex({ lockFree: false });
    const mirror = new GeoIndexMirror({ index: index as never, table });
    expect(await mirror.rebuild()).toEqual({ rebuilt: false, indexed: 0, written: 0 });
    expect(calls).toEqual(['tryLock']);
  });

  it('reconcile repairs drift of a ready index and purges the cells it touched', async () => {
    const { index } = fakeIndex({ state: 'ready' });
    const purged: string[][] = [];
    const mirror = new GeoIndexMirror({ index: index as never, table, onRepaired: async (cells) => void purged.push([...cells]) });
    const result = await mirror.reconcile();
    expect(result).toMatchObject({ mode: 'repaired', checked: 2, repaired: 2, repairedIds: ['v1', 'v2'] });
    expect(purged).toEqual([['255:115']]);
  });
});
