import { MAX_SEARCH_LIMIT, MAX_SEARCH_RADIUS_KM, MIN_SEARCH_RADIUS_KM } from '@roadcall/utils/geo';
import { pageSizeSchema } from '@roadcall/utils/pagination';
import { latitude, longitude, storedNumber } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SEARCH_RADIUS_KM, VENDOR_ID_PATTERN, VENDOR_SERVICE_TYPES } from './constants';

/** Request schemas of the vendors routes (the handler wrapper turns failures into 400s). */

export const vendorIdPath = z.object({ id: z.string().check(z.regex(VENDOR_ID_PATTERN, 'invalid vendor id')) });

const lat = latitude({ coerce: true });
const lon = longitude({ coerce: true });
const serviceType = z.enum(VENDOR_SERVICE_TYPES);
const bool = z.pipe(
  z.enum(['true', 'false']),
  z.transform((value: 'true' | 'false') => value === 'true'),
);
const serviceList = z.array(serviceType).check(z.minLength(1), z.maxLength(VENDOR_SERVICE_TYPES.length));

export const searchQuery = z.object({
  lat,
  lon,
  radiusKm: z._default(z.coerce.number().check(z.minimum(MIN_SEARCH_RADIUS_KM), z.maximum(MAX_SEARCH_RADIUS_KM)), DEFAULT_SEARCH_RADIUS_KM),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(MAX_SEARCH_LIMIT)), DEFAULT_SEARCH_LIMIT),
  service: z.optional(serviceType),
  includeUnavailable: z.optional(bool),
});

export const location = z.strictObject({ lat: latitude(), lon: longitude() });

export const availabilityBody = z.strictObject({ available: z.boolean(), services: z.optional(serviceList) });

export const createBody = z.strictObject({
  vendorId: z.optional(z.string().check(z.regex(VENDOR_ID_PATTERN))),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  phone: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(40))),
  services: serviceList,
  location,
  rating: z.optional(storedNumber(0, 5)),
  available: z.optional(z.boolean()),
  metro: z.optional(z.string().check(z.maxLength(100))),
});

export const listQuery = z.object({
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  /** The API-wide page size contract: 10-100, default 50. */
  limit: pageSizeSchema,
});
