/**
 * Real metro areas the seed spreads vendors around: centre, a spread (the standard deviation of
 * vendor positions, km) and a weight (share of vendors). Centres are city halls, roughly.
 */
export interface Metro {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly spreadKm: number;
  readonly weight: number;
}

export const METROS: ReadonlyArray<Metro> = [
  { name: 'New York', lat: 40.7128, lon: -74.006, spreadKm: 25, weight: 12 },
  { name: 'Los Angeles', lat: 34.0522, lon: -118.2437, spreadKm: 30, weight: 10 },
  { name: 'Chicago', lat: 41.8781, lon: -87.6298, spreadKm: 22, weight: 7 },
  { name: 'Dallas', lat: 32.7767, lon: -96.797, spreadKm: 28, weight: 6 },
  { name: 'Houston', lat: 29.7604, lon: -95.3698, spreadKm: 28, weight: 6 },
  { name: 'Washington', lat: 38.9072, lon: -77.0369, spreadKm: 20, weight: 5 },
  { name: 'Philadelphia', lat: 39.9526, lon: -75.1652, spreadKm: 18, weight: 5 },
  { name: 'Miami', lat: 25.7617, lon: -80.1918, spreadKm: 20, weight: 5 },
  { name: 'Atlanta', lat: 33.749, lon: -84.388, spreadKm: 25, weight: 5 },
  { name: 'Boston', lat: 42.3601, lon: -71.0589, spreadKm: 18, weight: 4 },
  { name: 'Phoenix', lat: 33.4484, lon: -112.074, spreadKm: 25, weight: 4 },
  { name: 'San Francisco', lat: 37.7749, lon: -122.4194, spreadKm: 20, weight: 4 },
  { name: 'Seattle', lat: 47.6062, lon: -122.3321, spreadKm: 18, weight: 4 },
  { name: 'Minneapolis', lat: 44.9778, lon: -93.265, spreadKm: 18, weight: 3 },
  { name: 'San Diego', lat: 32.7157, lon: -117.1611, spreadKm: 18, weight: 3 },
  { name: 'Denver', lat: 39.7392, lon: -104.9903, spreadKm: 18, weight: 3 },
  { name: 'St. Louis', lat: 38.627, lon: -90.1994, spreadKm: 15, weight: 2 },
  { name: 'Portland', lat: 45.5152, lon: -122.6784, spreadKm: 15, weight: 2 },
  { name: 'Las Vegas', lat: 36.1699, lon: -115.1398, spreadKm: 12, weight: 2 },
  { name: 'Toronto', lat: 43.6532, lon: -79.3832, spreadKm: 20, weight: 4 },
  { name: 'London', lat: 51.5074, lon: -0.1278, spreadKm: 20, weight: 4 },
];
