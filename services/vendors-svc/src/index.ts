/**
 * @roadcall/vendors-svc: vendor profiles (DynamoDB or DAX), Redis geospatial search and their
 * caches. Other services use {@link findNearestAvailable} (incident matching) and
 * {@link vendorService} (bulk operations); handlers live in src/handlers.
 */

import { vendorService } from './runtime';
import type { NearestQuery } from './service';
import type { VendorMatch } from './types';

export { CAPACITY_ATTRIBUTES, VendorCapacityStore, type VendorLoad } from './capacity';
export {
  DEFAULT_SEARCH_LIMIT,
  DEFAULT_SEARCH_RADIUS_KM,
  DEFAULT_VENDOR_CAPACITY,
  VENDOR_SERVICE_TYPES,
  type VendorServiceType,
} from './constants';
export { NotVendorOwnerError, VendorAtCapacityError, VendorExistsError, VendorNotFoundError, VendorUnavailableError } from './errors';
export { cellAttributes, geoCellOf, toGeoMember, VENDOR_GRID } from './geo';
export { GeoIndexMirror, type GeoIndexMirrorOptions, type IndexMode, type RebuildResult, type ReconcileResult } from './mirror';
export { type ChangeItemResult, type ChangePatch, type ChangeRequest, changePatch } from './portTypes';
export * from './repository';
export { geoIndexPrefix, vendorCapacityStore, vendorGeoIndex, vendorIndexMirror, vendorService } from './runtime';
export { assertCanManage, type Cached, type DegradedReason, type NearestQuery, VendorService, type VendorServiceDeps } from './service';
export { type MetroSupply, NO_METRO, vendorSupplyByMetro } from './supply';
export { tableGeoSearch } from './tableSearch';
export type { CacheStatus, NewVendor, Vendor, VendorMatch, VendorPatch, VendorSearchQuery, VendorSummary } from './types';

/**
 * The nearest available vendors offering `service` (incident matching): read from the live geo
 * index, never from the 60 s search cache. Radius defaults to 25 km, limit to 10; coordinates,
 * radius (0.1-100 km) and limit (1-100) out of range are a 400 (`GeoQueryError`).
 *
 * @example
 * import { findNearestAvailable } from '@roadcall/vendors-svc';
 * const [best] = await findNearestAvailable({ lat: 37.77, lon: -122.42, service: 'towing', radiusKm: 30, limit: 5 });
 * // best: { vendorId, name, rating, phone?, services, available, location, distanceKm }
 */
export async function findNearestAvailable(query: NearestQuery): Promise<VendorMatch[]> {
  return vendorService().findNearestAvailable(query);
}
