import type { GeoHit, GeoMember } from '@roadcall/utils/geo';
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
