/**
 * Geospatial search on Redis, built for Redis Cluster: members sharded by geographic cell (hash
 * tags keep a cell in one slot), availability tracked per service type, and a search that reads a
 * bounded set of cells in one pipeline and merges them by distance.
 *
 * @example
 * import { GeoIndex, haversineKm } from '@roadcall/utils/geo';
 */
export { CellGrid } from './cells';
export {
  DEFAULT_CELL_SIZE_DEG,
  EARTH_RADIUS_KM,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_RADIUS_KM,
  MIN_SEARCH_RADIUS_KM,
  POLAR_LATITUDE_DEG,
} from './constants';
export { GeoQueryError } from './errors';
export { assertValidGeoQuery, GeoIndex, type GeoIndexOptions, type GeoRedisClient } from './geoIndex';
export { haversineKm } from './haversine';
export { GeoKeys } from './keys';
export type { GeoCell, GeoChange, GeoHit, GeoIndexState, GeoMember, GeoPoint, GeoSearchQuery, GeoSearchResult } from './types';
