import * as z from 'zod/mini';
import { DYNAMO_NUMBER } from './constants';

/** Significant digits of a number's shortest decimal form (`1.50e-7` -> 2). */
function significantDigits(value: number): number {
  const mantissa = Math.abs(value).toExponential().split('e')[0] as string;
  return mantissa.replace('.', '').replace(/0+$/, '').length || 1;
}

/**
 * True for a number DynamoDB can store: finite, and 0 or of a magnitude within
 * {@link DYNAMO_NUMBER} with at most 38 significant digits.
 *
 * @example
 * isDynamoNumber(37.7749); // true
 * isDynamoNumber(5e-324); // false: DynamoDB's smallest magnitude is 1e-130
 */
export function isDynamoNumber(value: number): boolean {
  if (!Number.isFinite(value)) return false;
  if (value === 0) return true;
  const magnitude = Math.abs(value);
  return (
    magnitude >= DYNAMO_NUMBER.minMagnitude &&
    magnitude < DYNAMO_NUMBER.maxMagnitudeExclusive &&
    significantDigits(value) <= DYNAMO_NUMBER.maxSignificantDigits
  );
}

/** A zod check refusing numbers DynamoDB cannot store (add it to any number that is written to a table). */
export const dynamoStorable = (): z.core.$ZodCheck<number> =>
  z.refine(isDynamoNumber, 'a number DynamoDB can store (0, or a magnitude from 1e-130 to 9.99e125)');

/** Options of {@link latitude} and {@link longitude}. */
export interface CoordinateOptions {
  /** Coerce strings (query parameters) to numbers. */
  readonly coerce?: boolean;
}

const coordinate = (limit: number, options: CoordinateOptions) =>
  (options.coerce ? z.coerce.number() : z.number()).check(z.minimum(-limit), z.maximum(limit), dynamoStorable());

/**
 * A latitude in degrees (-90..90) that DynamoDB can store: every route takes coordinates through
 * this one schema, so a `5e-324` is a 400 everywhere, never a failed write.
 *
 * @example
 * const point = z.object({ lat: latitude(), lon: longitude() });
 * const query = z.object({ lat: latitude({ coerce: true }), lon: longitude({ coerce: true }) });
 */
export const latitude = (options: CoordinateOptions = {}) => coordinate(90, options);

/** A longitude in degrees (-180..180) that DynamoDB can store; see {@link latitude}. */
export const longitude = (options: CoordinateOptions = {}) => coordinate(180, options);

/**
 * A number within [min, max] that DynamoDB can store (ratings, speeds, headings).
 *
 * @example
 * const rating = storedNumber(0, 5);
 */
export const storedNumber = (min: number, max: number) => z.number().check(z.minimum(min), z.maximum(max), dynamoStorable());
