/**
 * Schema parsing for handlers, config and job params, on zod's tree-shakable `zod/mini` API.
 *
 * Why mini: `import { z } from 'zod'` (classic, chainable methods) puts ~440 KB of minified zod
 * into every Lambda bundle and costs 65-120 ms of module init; the same schemas written with
 * `zod/mini`'s functions cost ~20 KB and a few ms (`pnpm bench coldstart`). Runtime code under
 * `packages/*\/src` and `services/*\/src` imports `zod/mini` only.
 *
 * Why this module: zod/mini loads no locale, so its messages would all be "Invalid input". Parsing
 * through {@link safeParse} installs zod's English locale (the one classic zod installs) once,
 * so clients get the same messages ("Too small: expected number to be >=-90", ...) as before.
 *
 * @example
 * import * as z from 'zod/mini';
 * import { safeParse } from '@roadcall/utils/schema';
 *
 * const result = safeParse(z.object({ id: z.uuid() }), input);
 * if (!result.success) console.log(result.error.issues);
 */

import { en } from 'zod/locales';
import { config, safeParse as miniSafeParse } from 'zod/mini';
import type { $ZodType, output } from 'zod/v4/core';

/** Any zod schema (mini or classic) whose parsed output is `T`. */
export type Schema<T = unknown> = $ZodType<T>;

/** The parsed (output) type of a schema. */
export type SchemaOutput<S extends $ZodType> = output<S>;

let localeReady = false;

/**
 * Installs zod's English error messages unless a locale is already set (classic zod sets the same
 * one when it is loaded; an explicit `config(locales.xx())` by the app wins). Idempotent.
 */
export function ensureEnglishMessages(): void {
  if (localeReady) return;
  if (!config().localeError) config(en());
  localeReady = true;
}

/**
 * `zod/mini`'s `safeParse` with English messages: `{ success: true, data }` or
 * `{ success: false, error }` (never throws for invalid input).
 */
export function safeParse<S extends $ZodType>(schema: S, value: unknown): ReturnType<typeof miniSafeParse<S>> {
  ensureEnglishMessages();
  return miniSafeParse(schema, value);
}

export { DYNAMO_NUMBER, MAX_JSON_BYTES, MAX_JSON_DEPTH } from './constants';
export { boundedJsonObject, type JsonBounds, jsonBoundsViolation } from './json';
export { type CoordinateOptions, dynamoStorable, isDynamoNumber, latitude, longitude, storedNumber } from './numbers';
export { hasNoNul, noNulBytes } from './strings';
