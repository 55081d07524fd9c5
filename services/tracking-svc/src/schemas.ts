import * as z from 'zod/mini';

export const incidentPathSchema = z.object({ incidentId: z.uuid() });

/** A position report; unknown fields are rejected. */
export const positionSchema = z.strictObject({
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lon: z.number().check(z.minimum(-180), z.maximum(180)),
  heading: z.optional(z.number().check(z.minimum(0), z.maximum(360))),
  speedKmh: z.optional(z.number().check(z.minimum(0), z.maximum(300))),
  accuracyM: z.optional(z.number().check(z.minimum(0), z.maximum(10_000))),
  recordedAt: z.optional(z.iso.datetime()),
});
