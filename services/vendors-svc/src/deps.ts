import { getCache } from '@roadcall/utils/cache';
import { stage, tableName } from '@roadcall/utils/config';
import { GeoIndex } from '@roadcall/utils/geo';
import { redisClient } from '@roadcall/utils/redis';
import { GEO_INDEX_NAME } from './constants';
import { DynamoVendorRepository, LazyVendorRepository, vendorTableClient } from './repository';
import { VendorService } from './service';
import type { VendorSummary } from './types';

/** The geo index's key prefix for this stage: `rc:<stage>:vendors:geo`. */
export function geoIndexPrefix(): string {
  return `rc:${stage()}:${GEO_INDEX_NAME}`;
}

/** The container's geo index on the shared Redis client. */
export function vendorGeoIndex(): GeoIndex<VendorSummary> {
  return new GeoIndex<VendorSummary>({ redis: redisClient(), prefix: geoIndexPrefix() });
}

let shared: VendorService | undefined;

/**
 * The container's vendor service (created once, at first use, like the SDK clients): the vendors
 * table (or DAX), the geo index and the two caches from the contracts' catalog.
 *
 * @example
 * const matches = await (await vendorService()).findNearestAvailable({ lat, lon, service: 'towing' });
 */
export async function vendorService(): Promise<VendorService> {
  shared ??= new VendorService({
    // Resolved on first table access only: the search function has no table (see LazyVendorRepository).
    repo: new LazyVendorRepository(async () => new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'))),
    index: vendorGeoIndex(),
    // getCache: the same instances the HTTP cache middleware uses, so a purge reaches its L1 too.
    profiles: getCache('vendorProfile'),
    searches: getCache('vendorSearch'),
  });
  return shared;
}
