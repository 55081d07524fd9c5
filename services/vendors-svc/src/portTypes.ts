import * as z from 'zod/mini';
import { MAX_CAPACITY_READ_IDS, MAX_CHANGE_CHUNK, VENDOR_ID_PATTERN, VENDOR_SERVICE_TYPES } from './constants';

const vendorId = z.string().check(z.regex(VENDOR_ID_PATTERN, 'invalid vendor id'));
const incidentId = z.string().check(z.minLength(1), z.maxLength(128));

/**
 * What a bulk change may set: the profile fields the vendors service knows how to index and purge
 * (a whole-item write of arbitrary attributes is what this replaced).
 */
export const changePatch = z
  .strictObject({
    available: z.optional(z.boolean()),
    services: z.optional(z.array(z.enum(VENDOR_SERVICE_TYPES)).check(z.minLength(1), z.maxLength(VENDOR_SERVICE_TYPES.length))),
    rating: z.optional(z.number().check(z.minimum(0), z.maximum(5))),
    name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
    phone: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(40))),
  })
  .check(z.refine((patch: Record<string, unknown>) => Object.keys(patch).length > 0, 'set at least one field'));
export type ChangePatch = z.infer<typeof changePatch>;

/** One chunk of a bulk change: the vendors and the patch. */
export const changeRequest = z.strictObject({
  vendorIds: z.array(vendorId).check(z.minLength(1), z.maxLength(MAX_CHANGE_CHUNK)),
  patch: changePatch,
});
export type ChangeRequest = z.infer<typeof changeRequest>;

/** The outcome for one vendor of a chunk. */
export type ChangeItemResult =
  | { readonly vendorId: string; readonly ok: true }
  | { readonly vendorId: string; readonly ok: false; readonly error: string };

/** A capacity call. */
export const capacityRequest = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('claim'), vendorId, incidentId }),
  z.strictObject({ op: z.literal('release'), vendorId, incidentId }),
  z.strictObject({ op: z.literal('loads'), vendorIds: z.array(vendorId).check(z.maxLength(MAX_CAPACITY_READ_IDS)) }),
]);
export type CapacityRequest = z.infer<typeof capacityRequest>;
