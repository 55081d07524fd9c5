import { stage } from '@roadcall/utils/config';
import { GeoIndex, type GeoRedisClient } from '@roadcall/utils/geo';

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
 * A narrow adapter over the vendors' geo index (`@roadcall/utils/geo`, the index the vendors
 * service maintains under `rc:<stage>:vendors:geo`): available vendors offering the service, nearest
 * first, with their rating from the index's summary. It reads the index directly, with no
 * second lookup, because the vendors service did not yet export a search function when this was
 * written; swap it for that function behind the same interface when it does.
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
