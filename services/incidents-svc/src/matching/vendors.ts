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

/**
 * The vendors service's own search (`findNearestAvailable` of `@roadcall/vendors-svc`): the live
 * geo index, never its 60 s search cache, so a vendor who just went unavailable is not offered.
 * This is what matching uses (incidents never read the vendors' keyspace themselves).
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
