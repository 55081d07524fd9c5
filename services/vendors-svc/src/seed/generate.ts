import { mulberry32 } from '@roadcall/utils/random';
import { VENDOR_SERVICE_TYPES, type VendorServiceType } from '../constants';
import type { Vendor } from '../types';
import { METROS, type Metro } from './metros';

/** Kilometres per degree of latitude (mean Earth radius). */
const KM_PER_DEGREE = 111.195;

/** The seed's PRNG, re-exported for the benchmarks that place points the same way. */
export { mulberry32 };

/** Seeded vendor ids: `vendor-000000`, `vendor-000001`, ... */
export const seededVendorId = (index: number): string => `vendor-${String(index).padStart(6, '0')}`;

/** The demo vendor the local `vendor` user acts for: downtown San Francisco, available, every service. */
export const DEMO_VENDOR: Omit<Vendor, 'createdAt' | 'updatedAt'> = {
  vendorId: seededVendorId(0),
  name: 'Golden Gate Roadside',
  phone: '+1-415-555-0100',
  services: [...VENDOR_SERVICE_TYPES],
  location: { lat: 37.7793, lon: -122.4193 },
  rating: 4.8,
  available: true,
  metro: 'San Francisco',
};

const PREFIXES = [
  'Rapid',
  'Metro',
  'Ace',
  'Liberty',
  'Summit',
  'Highway',
  'Eagle',
  'Northstar',
  'Sunrise',
  'Redline',
  'Blue Ridge',
  'Pioneer',
];
const KINDS = ['Towing', 'Roadside', 'Auto Rescue', 'Recovery', 'Motor Assist', 'Road Service'];
/** Offer rates of each service (towing and jump starts are the most common). */
const OFFER_RATE: Record<VendorServiceType, number> = { towing: 0.7, jumpstart: 0.6, tire: 0.5, lockout: 0.4, fuel: 0.35, winch: 0.25 };

function pickMetro(random: () => number, total: number): Metro {
  let ticket = random() * total;
  for (const metro of METROS) {
    ticket -= metro.weight;
    if (ticket < 0) return metro;
  }
  return METROS[METROS.length - 1] as Metro;
}

/** A normal deviate (Box-Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** Timestamp written as createdAt/updatedAt (fixed, so a reseed writes identical items). */
  readonly at?: string;
}

/**
 * Deterministic vendors around real metro areas: index 0 is always {@link DEMO_VENDOR}; the rest
 * are spread normally around weighted metros, with services, ratings and availability drawn from
 * the seed. The same (count, seed) gives the same vendors, byte for byte.
 *
 * @example
 * const vendors = generateVendors({ count: 10_000, seed: 42 });
 */
export function* generateVendors(options: GenerateOptions): Generator<Vendor> {
  const at = options.at ?? '2026-01-01T00:00:00.000Z';
  const random = mulberry32(options.seed);
  const totalWeight = METROS.reduce((sum, metro) => sum + metro.weight, 0);
  for (let index = 0; index < options.count; index++) {
    if (index === 0) {
      yield { ...DEMO_VENDOR, createdAt: at, updatedAt: at };
      continue;
    }
    const metro = pickMetro(random, totalWeight);
    const northKm = gaussian(random) * metro.spreadKm;
    const eastKm = gaussian(random) * metro.spreadKm;
    const lat = metro.lat + northKm / KM_PER_DEGREE;
    const lon = metro.lon + eastKm / (KM_PER_DEGREE * Math.cos((metro.lat * Math.PI) / 180));
    let services = VENDOR_SERVICE_TYPES.filter((service) => random() < OFFER_RATE[service]);
    if (services.length === 0) services = ['towing'];
    const name = `${PREFIXES[Math.floor(random() * PREFIXES.length)]} ${KINDS[Math.floor(random() * KINDS.length)]} ${index}`;
    yield {
      vendorId: seededVendorId(index),
      name,
      phone: `+1-555-${String(Math.floor(random() * 10_000)).padStart(4, '0')}`,
      services,
      location: { lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) },
      rating: Math.round((3 + random() * 2) * 10) / 10,
      available: random() < 0.7,
      metro: metro.name,
      createdAt: at,
      updatedAt: at,
    };
  }
}
