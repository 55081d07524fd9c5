import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { getCache } from '@roadcall/utils/cache';
import { stage, tableName } from '@roadcall/utils/config';
import { GeoIndex } from '@roadcall/utils/geo';
import { redisClient } from '@roadcall/utils/redis';
import { VendorCapacityStore } from './capacity';
import { cellTag, GEO_INDEX_NAME } from './constants';
import { GeoIndexMirror } from './mirror';
import { VendorCellIndex } from './repository/cellIndex';
import { LazyVendorRepository } from './repository/lazyRepository';
import { vendorTableClient } from './repository/tableClient';
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
let sharedMirror: GeoIndexMirror | undefined;

/**
 * The container's view of the geo index as a mirror of the vendors table: detects a lost or
 * partial index, rebuilds it in the background (once across containers), repairs drift.
 * After a rebuild every cached search is purged; after a repair, the searches of the cells it touched.
 */
export function vendorIndexMirror(): GeoIndexMirror {
  sharedMirror ??= new GeoIndexMirror({
    index: vendorGeoIndex(),
    table: new VendorCellIndex(),
    onRebuilt: () => getCache('vendorSearch').invalidateNamespace(),
    onRepaired: async (cells) => {
      await Promise.all(cells.map((cell) => getCache('vendorSearch').invalidateTag(cellTag(cell))));
    },
  });
  return sharedMirror;
}

/**
 * The container's vendor service (created once, at first use, like the SDK clients): the vendors
 * table (or DAX), the geo index and the two caches from the contracts' catalog.
 *
 * @example
 * const matches = await vendorService().findNearestAvailable({ lat, lon, service: 'towing' });
 */
export function vendorService(): VendorService {
  shared ??= new VendorService({
    // Resolved on first table access only (see LazyVendorRepository).
    // The repository module is imported then too, so its SDK packages (client-dynamodb and
    // lib-dynamodb, ~50-60 ms of require) load only in a container that reads or writes the table.
    // The files are imported directly, not through './repository', whose index re-exports the
    // repository class statically.
    repo: new LazyVendorRepository(async () => {
      const { DynamoVendorRepository } = await import('./repository/dynamoVendorRepository');
      return new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
    }),
    index: vendorIndexMirror().index,
    // Searches survive losing Redis: answered from the table's byCell index (docs/vendors.md).
    mirror: vendorIndexMirror(),
    cells: new VendorCellIndex(),
    // getCache: the same instances the HTTP cache middleware uses, so a purge reaches its L1 too.
    profiles: getCache('vendorProfile'),
    searches: getCache('vendorSearch'),
  });
  return shared;
}

let capacityStore: VendorCapacityStore | undefined;

/** The container's capacity store: the vendors table directly (consistent reads, conditional writes; never DAX). */
export function vendorCapacityStore(): VendorCapacityStore {
  capacityStore ??= new VendorCapacityStore(dynamoDocumentClient(), tableName('vendors'));
  return capacityStore;
}
