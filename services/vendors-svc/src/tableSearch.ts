import { type GeoHit, type GeoSearchQuery, haversineKm } from '@roadcall/utils/geo';
import { toGeoMember, VENDOR_GRID } from './geo';
import type { VendorCellIndex } from './repository/cellIndex';
import type { VendorSummary } from './types';

/**
 * The geo search answered from the vendors table (its `byCell` index) instead of Redis: one Query
 * per 0.5° cell the circle reaches (the same cells as the Redis index, from the same grid), then
 * exact haversine distance, the radius, the filters, nearest first and ties by id, exactly as
 * the index orders its hits. It reads the vendors of those cells only, never the whole table.
 *
 * @example
 * const hits = await tableGeoSearch(new VendorCellIndex(), { lat: 37.77, lon: -122.42, radiusKm: 10, limit: 5 });
 */
export async function tableGeoSearch(cells: Pick<VendorCellIndex, 'query'>, query: GeoSearchQuery): Promise<GeoHit<VendorSummary>[]> {
  const cellIds = VENDOR_GRID.cellsWithin(query, query.radiusKm).map((cell) => cell.id);
  const vendors = await cells.query(cellIds, { availableOnly: !query.includeUnavailable });
  const hits: GeoHit<VendorSummary>[] = [];
  const seen = new Set<string>();
  for (const vendor of vendors) {
    if (seen.has(vendor.vendorId)) continue;
    seen.add(vendor.vendorId);
    if (!query.includeUnavailable && !vendor.available) continue;
    if (query.service && !vendor.services.includes(query.service as (typeof vendor.services)[number])) continue;
    const distanceKm = haversineKm(query, vendor.location);
    if (distanceKm > query.radiusKm) continue;
    const member = toGeoMember(vendor);
    hits.push({ ...member, distanceKm });
  }
  hits.sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : 1));
  return hits.slice(0, query.limit);
}
