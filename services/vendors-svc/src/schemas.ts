import { MAX_SEARCH_LIMIT, MAX_SEARCH_RADIUS_KM, MIN_SEARCH_RADIUS_KM } from '@roadcall/utils/geo';
import { pageSizeSchema } from '@roadcall/utils/pagination';
import { z } from 'zod';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SEARCH_RADIUS_KM, VENDOR_ID_PATTERN, VENDOR_SERVICE_TYPES } from './constants';

/** Request schemas of the vendors routes (the handler wrapper turns failures into 400s). */

export const vendorIdPath = z.object({ id: z.string().regex(VENDOR_ID_PATTERN, 'invalid vendor id') });

const lat = z.coerce.number().min(-90).max(90);
const lon = z.coerce.number().min(-180).max(180);
const serviceType = z.enum(VENDOR_SERVICE_TYPES);
const bool = z.enum(['true', 'false']).transform((value) => value === 'true');

export const searchQuery = z.object({
  lat,
  lon,
  radiusKm: z.coerce.number().min(MIN_SEARCH_RADIUS_KM).max(MAX_SEARCH_RADIUS_KM).default(DEFAULT_SEARCH_RADIUS_KM),
  limit: z.coerce.number().int().min(1).max(MAX_SEARCH_LIMIT).default(DEFAULT_SEARCH_LIMIT),
  service: serviceType.optional(),
  includeUnavailable: bool.optional(),
});

export const location = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict();

export const availabilityBody = z
  .object({ available: z.boolean(), services: z.array(serviceType).min(1).max(VENDOR_SERVICE_TYPES.length).optional() })
  .strict();

export const createBody = z
  .object({
    vendorId: z.string().regex(VENDOR_ID_PATTERN).optional(),
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().min(3).max(40).optional(),
    services: z.array(serviceType).min(1).max(VENDOR_SERVICE_TYPES.length),
    location,
    rating: z.number().min(0).max(5).optional(),
    available: z.boolean().optional(),
    metro: z.string().max(100).optional(),
  })
  .strict();

export const listQuery = z.object({
  cursor: z.string().min(1).max(2048).optional(),
  /** The API-wide page size contract: 10-100, default 50. */
  limit: pageSizeSchema,
});
