/** Named limits of the shared schema helpers. */

/**
 * What a DynamoDB number can hold: 38 significant digits, magnitudes from 1e-130 to
 * 9.9999999999999999999999999999999999999e+125, or exactly 0. A JavaScript number has at most 17
 * significant digits, so only the magnitude can be out of range (`5e-324`, `1e200`): DynamoDB
 * refuses the whole write, so such numbers are refused at validation instead.
 */
export const DYNAMO_NUMBER = {
  minMagnitude: 1e-130,
  /** Exclusive: DynamoDB's largest is 9.9999999999999999999999999999999999999e125, which a double rounds to 1e126. */
  maxMagnitudeExclusive: 1e126,
  maxSignificantDigits: 38,
} as const;

/** Deepest nesting accepted in a free-form JSON field (job metadata): objects and arrays count one level each. */
export const MAX_JSON_DEPTH = 10;

/** Largest free-form JSON field, in bytes of its JSON text (job metadata); a DynamoDB item holds 400 KB in all. */
export const MAX_JSON_BYTES = 16 * 1024;
