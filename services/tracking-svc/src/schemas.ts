import { latitude, longitude, storedNumber } from '@roadcall/utils/schema';
import * as z from 'zod/mini';

export const incidentPathSchema = z.object({ incidentId: z.uuid() });

/** A position report; unknown fields are rejected. */
export const positionSchema = z.strictObject({
  lat: latitude(),
  lon: longitude(),
  heading: z.optional(storedNumber(0, 360)),
  speedKmh: z.optional(storedNumber(0, 300)),
  accuracyM: z.optional(storedNumber(0, 10_000)),
  recordedAt: z.optional(z.iso.datetime()),
});
