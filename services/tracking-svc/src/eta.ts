import { haversineKm } from '@roadcall/utils/geo';
import { DEFAULT_SPEED_KMH, MIN_MOVING_SPEED_KMH, ROAD_FACTOR } from './constants';
import type { StoredPosition } from './types';

/**
 * Distance from the vendor to the driver (great circle, km, 3 decimals) and a simple ETA in whole
 * minutes: the distance times a road factor, at the reported speed if moving, else a default.
 *
 * @example
 * estimate({ lat: 52.52, lon: 13.40, ... }, { lat: 52.50, lon: 13.42 }); // { distanceKm: 2.6, etaMinutes: 6 }
 */
export function estimate(position: StoredPosition, driver: { lat: number; lon: number }): { distanceKm: number; etaMinutes: number } {
  const distanceKm = haversineKm(position, driver);
  const speed = position.speedKmh !== undefined && position.speedKmh >= MIN_MOVING_SPEED_KMH ? position.speedKmh : DEFAULT_SPEED_KMH;
  // Less a hair before rounding up: 13.000000000000002 minutes of floating-point noise is 13, not 14.
  const etaMinutes = Math.ceil(((distanceKm * ROAD_FACTOR) / speed) * 60 - 1e-9);
  return { distanceKm: Math.round(distanceKm * 1000) / 1000, etaMinutes };
}
