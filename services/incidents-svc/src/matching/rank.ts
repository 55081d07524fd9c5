import { DISTANCE_BAND_KM } from '../constants';
import type { VendorCandidate } from './vendors';

/**
 * Orders candidates by distance, and by rating among those about as near (within the same
 * {@link DISTANCE_BAND_KM} band): a 4.9-rated vendor 2.1 km away goes before a 3.0-rated one at
 * 2.0 km, never before one 5 km nearer.
 *
 * @example
 * rankCandidates(hits).slice(0, 3);
 */
export function rankCandidates(candidates: ReadonlyArray<VendorCandidate>): VendorCandidate[] {
  const band = (candidate: VendorCandidate): number => Math.floor(candidate.distanceKm / DISTANCE_BAND_KM);
  return [...candidates].sort(
    (a, b) => band(a) - band(b) || b.rating - a.rating || a.distanceKm - b.distanceKm || (a.vendorId < b.vendorId ? -1 : 1),
  );
}
