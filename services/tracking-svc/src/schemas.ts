import { z } from 'zod';

export const incidentPathSchema = z.object({ incidentId: z.uuid() });

/** A position report; unknown fields are rejected. */
export const positionSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  heading: z.number().min(0).max(360).optional(),
  speedKmh: z.number().min(0).max(300).optional(),
  accuracyM: z.number().min(0).max(10_000).optional(),
  recordedAt: z.iso.datetime().optional(),
});
