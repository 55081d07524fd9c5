import * as z from 'zod/mini';
import { MAX_JSON_BYTES, MAX_JSON_DEPTH } from './constants';
import { isDynamoNumber } from './numbers';

/** Options of {@link boundedJsonObject}. */
export interface JsonBounds {
  /** Deepest nesting (the object itself is depth 1). */
  readonly maxDepth?: number;
  /** Largest JSON text, in UTF-8 bytes. */
  readonly maxBytes?: number;
}

/**
 * Why `value` is out of bounds, or undefined when it is within them. Iterative (an explicit stack),
 * so a 5,000-deep value cannot overflow the call stack; stops at the first violation.
 */
export function jsonBoundsViolation(value: unknown, bounds: Required<JsonBounds>): string | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop() as { node: unknown; depth: number };
    if (typeof node === 'number' && !isDynamoNumber(node)) return `holds a number DynamoDB cannot store (${node})`;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > bounds.maxDepth) return `nests deeper than ${bounds.maxDepth} levels`;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  if (Buffer.byteLength(JSON.stringify(value)) > bounds.maxBytes) return `is larger than ${bounds.maxBytes} bytes as JSON`;
  return undefined;
}

/**
 * A free-form JSON object (e.g. job `metadata`) with bounded depth and size and only numbers
 * DynamoDB can store: an unbounded field would let one request write a 5,000-deep or 500 KB item,
 * which fails in DynamoDB (a 500) or fills the table.
 *
 * @example
 * const body = z.object({ metadata: z.optional(boundedJsonObject()) }); // MAX_JSON_DEPTH, MAX_JSON_BYTES
 */
export const boundedJsonObject = (bounds: JsonBounds = {}) => {
  const limits = { maxDepth: bounds.maxDepth ?? MAX_JSON_DEPTH, maxBytes: bounds.maxBytes ?? MAX_JSON_BYTES };
  return z.record(z.string(), z.unknown()).check(
    z.superRefine((value, ctx) => {
      const violation = jsonBoundsViolation(value, limits);
      if (violation) ctx.issues.push({ code: 'custom', message: `The value ${violation}`, input: value });
    }),
  );
};
