import { CellGrid, haversineKm } from '../../src/geo';
import { assertValidGeoQuery } from '../../src/geo/geoIndex';

describe('haversineKm', () => {
  it('matches known distances', () => {
    // San Francisco -> Los Angeles: 559 km (great circle).
    expect(haversineKm({ lat: 37.7749, lon: -122.4194 }, { lat: 34.0522, lon: -118.2437 })).toBeCloseTo(559.1, 0);
    // One degree of latitude: 111.19 km.
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo(111.19, 1);
    expect(haversineKm({ lat: 10, lon: 179.9 }, { lat: 10, lon: -179.9 })).toBeLessThan(25);
  });
});

describe('CellGrid', () => {
  const grid = new CellGrid(0.5);

  it('puts a point in its cell and rejects sizes that do not divide 180', () => {
    expect(grid.cellOf({ lat: 37.77, lon: -122.42 })).toEqual({ row: 255, col: 115, id: '255:115' });
    expect(grid.cellOf({ lat: 90, lon: 180 }).row).toBe(359);
    expect(() => new CellGrid(0.7)).toThrow(RangeError);
  });

  it('reaches the cell just across a boundary', () => {
    const west = { lat: 37.7, lon: -122.001 };
    const east = grid.cellOf({ lat: 37.7, lon: -121.999 });
    expect(grid.cellOf(west).id).not.toBe(east.id);
    expect(grid.cellsWithin(west, 1).map((cell) => cell.id)).toContain(east.id);
  });

  it('keeps a search bounded: small radius few cells, 100 km at most a few dozen, poles collapse', () => {
    expect(grid.cellsWithin({ lat: 40.2, lon: -74.2 }, 10).length).toBeLessThanOrEqual(4);
    expect(grid.cellsWithin({ lat: 40.25, lon: -74.25 }, 100).length).toBeLessThanOrEqual(35);
    expect(grid.cellsWithin({ lat: 74.9, lon: 20 }, 100).length).toBeLessThanOrEqual(80);
    expect(grid.cellsWithin({ lat: 89.99, lon: 0 }, 100).length).toBeLessThanOrEqual(4);
  });

  it('prunes corner cells the circle cannot reach', () => {
    const center = { lat: 40.25, lon: -74.25 };
    const box = grid.cellsWithin(center, 60);
    // The bounding box is 4 x 4 = 16 cells (rows 259-262, cols 210-213 ... minus its far corners).
    expect(box.length).toBeLessThan(16);
  });

  it('wraps at the antimeridian', () => {
    const ids = grid.cellsWithin({ lat: 10, lon: 179.95 }, 20).map((cell) => cell.col);
    expect(ids).toContain(0);
    expect(ids).toContain(719);
  });
});

describe('assertValidGeoQuery', () => {
  it('rejects out-of-range coordinates, radius and limit with a 400', () => {
    const ok = { lat: 1, lon: 1, radiusKm: 10, limit: 10 };
    expect(() => assertValidGeoQuery(ok)).not.toThrow();
    for (const bad of [
      { lat: 91 },
      { lon: -181 },
      { radiusKm: 0.05 },
      { radiusKm: 101 },
      { limit: 0 },
      { limit: 101 },
      { lat: Number.NaN },
    ]) {
      expect(() => assertValidGeoQuery({ ...ok, ...bad })).toThrow(expect.objectContaining({ httpStatus: 400 }));
    }
  });
});
