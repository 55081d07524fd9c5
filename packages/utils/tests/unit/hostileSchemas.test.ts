import { validate } from '@roadcall/utils/http';
import { boundedJsonObject, isDynamoNumber, latitude, MAX_JSON_DEPTH, noNulBytes, safeParse, storedNumber } from '@roadcall/utils/schema';
import * as z from 'zod/mini';

describe('numbers DynamoDB can store', () => {
  it.each([0, -0, 1, 37.7749, -122.4194, 1e-130, -1e-130, 9.99e125, Number.MAX_SAFE_INTEGER])('accepts %s', (value) => {
    expect(isDynamoNumber(value)).toBe(true);
  });
  it.each([5e-324, 1e-131, -2.2e-308, 1e126, 1e200, Number.NaN, Number.POSITIVE_INFINITY])('refuses %s', (value) => {
    expect(isDynamoNumber(value)).toBe(false);
  });
  it('refuses them in coordinates and bounded numbers with a clear message', () => {
    expect(safeParse(latitude(), 5e-324).error?.issues[0]?.message).toMatch(/DynamoDB can store/);
    expect(safeParse(latitude({ coerce: true }), '5e-324').success).toBe(false);
    expect(safeParse(latitude(), 91).success).toBe(false);
    expect(safeParse(storedNumber(0, 5), 5e-324).success).toBe(false);
    expect(safeParse(storedNumber(0, 5), 4.5).success).toBe(true);
  });
});

describe('strings for PostgreSQL', () => {
  it('refuses the NUL character', () => {
    const schema = z.string().check(noNulBytes());
    expect(safeParse(schema, 'tow\u0000truck').success).toBe(false);
    expect(safeParse(schema, 'tow truck ✓').success).toBe(true);
  });
});

describe('bounded free-form JSON', () => {
  const nested = (levels: number): unknown => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
  it('takes a value within depth and size', () => {
    expect(safeParse(boundedJsonObject(), { a: { b: [1, 'x', null] } }).success).toBe(true);
    expect(safeParse(boundedJsonObject(), nested(MAX_JSON_DEPTH)).success).toBe(true);
  });
  it('refuses one level too deep, 5,000 levels (without overflowing the stack), too large, unstorable numbers', () => {
    expect(safeParse(boundedJsonObject(), nested(MAX_JSON_DEPTH + 1)).success).toBe(false);
    expect(safeParse(boundedJsonObject(), nested(5_000)).error?.issues[0]?.message).toMatch(/deeper than/);
    expect(safeParse(boundedJsonObject({ maxBytes: 100 }), { s: 'x'.repeat(200) }).error?.issues[0]?.message).toMatch(/larger than 100/);
    expect(safeParse(boundedJsonObject(), { n: [5e-324] }).success).toBe(false);
  });
});

describe('validation errors stay small', () => {
  it('lists at most 20 issues and cuts long messages', () => {
    const body = Object.fromEntries(Array.from({ length: 50_000 }, (_, index) => [`key_${index}`, 1]));
    let thrown: { message: string; details: Array<{ message: string }> } | undefined;
    try {
      validate(z.strictObject({ a: z.optional(z.string()) }), body, 'body');
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown?.details.length).toBeLessThanOrEqual(20);
    expect(JSON.stringify(thrown?.details).length).toBeLessThan(16 * 1024);
    const many = z.strictObject(Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`f${index}`, z.string()])));
    try {
      validate(many, {}, 'body');
    } catch (error) {
      thrown = error as typeof thrown;
    }
    expect(thrown?.details).toHaveLength(20);
    expect(thrown?.message).toBe('Invalid request body (30 issues, the first 20 listed)');
  });
});
