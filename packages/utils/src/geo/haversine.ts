import { EARTH_RADIUS_KM } from './constants';
import type { GeoPoint } from './types';

const RAD = Math.PI / 180;

/**
 * Great-circle distance between two points, km (haversine formula, mean Earth radius).
 *
 * @example
 * haversineKm({ lat: 37.7749, lon: -122.4194 }, { lat: 34.0522, lon: -118.2437 }); // ~559 km
 */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const dLat = (b.lat - a.lat) * RAD;
  const dLon = (b.lon - a.lon) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * RAD) * Math.cos(b.lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
