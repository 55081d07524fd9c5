import { stage } from '@roadcall/utils/config';
import { GeoIndex, type GeoRedisClient } from '@roadcall/utils/geo';
import { findNearestAvailable, type VendorServiceType } from '@roadcall/vendors-svc';

/** A vendor that could take an incident, as matching ranks it. */
export interface VendorCandidate {
  readonly vendorId: string;
  readonly distanceKm: number;
  readonly rating: number;
}

export interface NearestQuery {
  readonly lat: number;
  readonly lon: number;
  readonly service: string;
  readonly radiusKm: number;
  readonly limit: number;
}

/** What matching needs from the vendors service: available vendors near a point, nearest first. */
export interface VendorFinder {
  findNearestAvailable(query: NearestQuery): Promise<ReadonlyArray<VendorCandidate>>;
}

/** The geo index prefix the vendors service writes (`GEO_INDEX_NAME` under the stage). */
export const vendorGeoPrefix = (): string => `rc:${stage()}:vendors:geo`;

/**
 * The vendors service's own search (`findNearestAvailable` of `@roadcall/vendors-svc`): the live
 * geo index, never its 60 s search cache, so a vendor who just went unavailable is not offered.
 * This is what matching uses.
 *
 * @example
 * const near = await vendorsServiceFinder().findNearestAvailable({ lat, lon, service: 'towing', radiusKm: 10, limit: 3 });
 */
export function vendorsServiceFinder(): VendorFinder {
  return {
    async findNearestAvailable(query) {
      const matches = await findNearestAvailable({ ...query, service: query.service as VendorServiceType });
      return matches.map((match) => ({ vendorId: match.vendorId, distanceKm: match.distanceKm, rating: match.rating }));
    },
  };
}

/**
 * A narrow adapter over the vendors' geo index (`@roadcall/utils/geo`, the index the vendors
 * service maintains under `rc:<stage>:vendors:geo`): available vendors offering the service, nearest
 * first, with their rating from the index's summary, read directly. Matching uses
 * {@link vendorsServiceFinder}; this one serves tools that must not load the vendors service.
 *
 * @example
 * const finder = geoIndexVendorFinder(redisClient());
 * const near = await finder.findNearestAvailable({ lat, lon, service: 'towing', radiusKm: 10, limit: 5 });
 */
export function geoIndexVendorFinder(redis: GeoRedisClient, prefix: string = vendorGeoPrefix()): VendorFinder {
  const index = new GeoIndex<{ rating?: number }>({ redis, prefix });
  return {
    async findNearestAvailable(query) {
      const { hits } = await index.search({
        lat: query.lat,
        lon: query.lon,
        radiusKm: query.radiusKm,
        limit: query.limit,
        service: query.service,
      });
      return hits.map((hit) => ({ vendorId: hit.id, distanceKm: hit.distanceKm, rating: Number(hit.summary?.rating ?? 0) }));
    },
  };
}
