import { CELL_PRUNE_MARGIN_KM, DEFAULT_CELL_SIZE_DEG, KM_PER_DEGREE, POLAR_LATITUDE_DEG } from './constants';
import { haversineKm } from './haversine';
import type { GeoCell, GeoPoint } from './types';

/**
 * The fixed grid that shards the index: rows of `size` degrees from the south pole, columns of
 * `size` degrees from the antimeridian, and one single cell per row beyond the polar latitude.
 * Indexing and searching must agree on it, so both go through this class.
 *
 * @example
 * const grid = new CellGrid(0.5);
 * grid.cellOf({ lat: 37.77, lon: -122.42 }); // { row: 255, col: 115, id: '255:115' }
 */
export class CellGrid {
  readonly size: number;
  readonly #rows: number;
  readonly #cols: number;

  constructor(size: number = DEFAULT_CELL_SIZE_DEG) {
    if (!(size > 0) || 180 % size !== 0) throw new RangeError(`cell size must divide 180 degrees (got ${size})`);
    this.size = size;
    this.#rows = Math.round(180 / size);
    this.#cols = Math.round(360 / size);
  }

  /** The cell that holds a point. */
  cellOf(point: GeoPoint): GeoCell {
    const row = this.#rowOf(point.lat);
    return this.#cell(row, this.#isPolar(row) ? 0 : this.#colOf(point.lon));
  }

  /**
   * Every cell a circle can reach: the rows and columns of its bounding box (columns widened per
   * row to that row's poleward edge, wrapping at the antimeridian), minus the corner cells whose
   * nearest point is farther than the radius. The count is bounded: at most ~30 cells for a
   * 100 km radius at mid latitudes, ~75 just below the polar latitude.
   */
  cellsWithin(center: GeoPoint, radiusKm: number): GeoCell[] {
    const dLat = radiusKm / KM_PER_DEGREE;
    const latMin = Math.max(-90, center.lat - dLat);
    const latMax = Math.min(90, center.lat + dLat);
    const cells: GeoCell[] = [];
    for (let row = this.#rowOf(latMin); row <= this.#rowOf(latMax); row++) {
      if (this.#isPolar(row)) {
        cells.push(this.#cell(row, 0));
        continue;
      }
      // Longitude degrees are shortest at the row's poleward edge (within the search band).
      const bandSouth = Math.max(latMin, -90 + row * this.size);
      const bandNorth = Math.min(latMax, -90 + (row + 1) * this.size);
      const widest = Math.max(Math.abs(bandSouth), Math.abs(bandNorth));
      const dLon = radiusKm / (KM_PER_DEGREE * Math.cos((widest * Math.PI) / 180));
      const first = Math.floor((center.lon - dLon + 180) / this.size);
      const last = Math.floor((center.lon + dLon + 180) / this.size);
      const seen = new Set<number>();
      for (let raw = first; raw <= last && seen.size < this.#cols; raw++) {
        const col = ((raw % this.#cols) + this.#cols) % this.#cols;
        if (seen.has(col)) continue;
        seen.add(col);
        if (this.#nearestKm(center, row, col) <= radiusKm + CELL_PRUNE_MARGIN_KM) cells.push(this.#cell(row, col));
      }
    }
    return cells;
  }

  /** Distance from a point to the nearest point of a cell (0 inside it). */
  #nearestKm(point: GeoPoint, row: number, col: number): number {
    const south = -90 + row * this.size;
    const west = -180 + col * this.size;
    const lat = Math.min(Math.max(point.lat, south), south + this.size);
    // Longitude offset of the point from the cell's west edge, in [-180, 180).
    const offset = ((((point.lon - west + 180) % 360) + 360) % 360) - 180;
    const lonOffset = Math.min(Math.max(offset, 0), this.size);
    return haversineKm(point, { lat, lon: west + lonOffset });
  }

  #rowOf(lat: number): number {
    return Math.min(this.#rows - 1, Math.max(0, Math.floor((lat + 90) / this.size)));
  }

  #colOf(lon: number): number {
    const col = Math.floor((lon + 180) / this.size);
    return ((col % this.#cols) + this.#cols) % this.#cols;
  }

  #isPolar(row: number): boolean {
    const south = -90 + row * this.size;
    return south >= POLAR_LATITUDE_DEG || south + this.size <= -POLAR_LATITUDE_DEG;
  }

  #cell(row: number, col: number): GeoCell {
    return { row, col, id: `${row}:${col}` };
  }
}
