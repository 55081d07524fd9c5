import { CellGrid, DEFAULT_CELL_SIZE_DEG, type GeoHit, type GeoMember, type GeoPoint } from '@roadcall/utils/geo';
import type { Vendor, VendorMatch, VendorSummary } from './types';

/** What the geo index keeps of a vendor: where, what, whether available, and a display summary. */
export function toGeoMember(vendor: Vendor): GeoMember<VendorSummary> {
  const summary: VendorSummary = { name: vendor.name, rating: vendor.rating, ...(vendor.phone ? { phone: vendor.phone } : {}) };
  return {
    id: vendor.vendorId,
    lat: vendor.location.lat,
    lon: vendor.location.lon,
    services: vendor.services,
    available: vendor.available,
    summary,
  };
}

/** A geo hit as the API returns it. */
export function toMatch(hit: GeoHit<VendorSummary>, distanceKm: number = hit.distanceKm): VendorMatch {
  return {
    vendorId: hit.id,
    name: hit.summary.name,
    rating: hit.summary.rating,
    ...(hit.summary.phone ? { phone: hit.summary.phone } : {}),
    services: hit.services,
    available: hit.available,
    location: { lat: hit.lat, lon: hit.lon },
    distanceKm: Math.round(distanceKm * 1000) / 1000,
  };
}

/**
 * The grid of the Redis geo index (0.5° cells), which the table's `byCell` index uses too: one
 * grid, so the fallback reads exactly the cells the index would.
 */
export const VENDOR_GRID = new CellGrid(DEFAULT_CELL_SIZE_DEG);

/** Sort-key prefix of an available vendor in the `byCell` index (`off#` otherwise). */
export const AVAILABLE_SORT_PREFIX = 'on#';

/** `geoCell` of the table's `byCell` index: the vendor's 0.5° cell id. */
export const geoCellOf = (location: GeoPoint): string => VENDOR_GRID.cellOf(location).id;

/** `geoCellSort` of the `byCell` index: `on#<id>` or `off#<id>` (available-only searches read `on#`). */
export const geoCellSortOf = (vendorId: string, available: boolean): string => `${available ? AVAILABLE_SORT_PREFIX : 'off#'}${vendorId}`;

/** The table attributes behind the `byCell` index (derived from location and availability). */
export function cellAttributes(vendor: Pick<Vendor, 'vendorId' | 'location' | 'available'>): { geoCell: string; geoCellSort: string } {
  return { geoCell: geoCellOf(vendor.location), geoCellSort: geoCellSortOf(vendor.vendorId, vendor.available) };
}

/** A table item as a {@link Vendor}: the index attributes are storage, not part of the profile. */
export function fromItem(item: Record<string, unknown>): Vendor {
  // The capacity state (capacity.ts) is storage too: who holds a vendor is not part of its profile.
  const { geoCell: _cell, geoCellSort: _sort, activeIncidents: _held, ...vendor } = item;
  return vendor as unknown as Vendor;
}
