import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MalformedJsonError, ValidationError } from '../errors';
import { type Schema, safeParse } from '../schema';
import { MAX_ISSUE_TEXT_LENGTH, MAX_VALIDATION_ISSUES } from './constants';

/** `text` cut to `max` characters, with `…` when cut. */
export function truncate(text: string, max = MAX_ISSUE_TEXT_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Headers with lower-cased names (API Gateway preserves the client's casing). */
export function normaliseHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string> {
  const entries: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (typeof value === 'string') entries.push([name.toLowerCase(), value]);
  }
  // Own properties only: a header named `__proto__` or `constructor` is a key like any other.
  return Object.fromEntries(entries);
}

/**
 * The query string as an object: a key given once is a string, a repeated key (`?s=a&s=b`) an
 * array, as API Gateway's multi-value parameters carry it.
 */
export function queryObject(
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'>,
): Record<string, string | string[]> {
  const entries: Array<[string, string | string[]]> = [];
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (typeof value !== 'string') continue;
    // Own properties only (`?constructor=1` must not find Object's constructor).
    const all = Object.hasOwn(multi, key) ? multi[key] : undefined;
    entries.push([key, Array.isArray(all) && all.length > 1 ? all : value]);
  }
  return Object.fromEntries(entries);
}

/** The body parsed as JSON; `undefined` when empty. Malformed JSON is a 400, never a 500. */
export function parseJsonBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): unknown {
  if (event.body === null || event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedJsonError('The request body is not valid JSON', {
      cause: error,
      details: { reason: truncate((error as Error).message) },
    });
  }
}

/**
 * Parses a request part with a zod schema; failures become a 400 listing the issues, at most
 * {@link MAX_VALIDATION_ISSUES} of them, each message and field cut to {@link MAX_ISSUE_TEXT_LENGTH}
 * characters (zod's "Unrecognized keys" message alone names every key), so the answer stays small
 * whatever the input.
 */
export function validate<T>(schema: Schema<T>, value: unknown, part: 'path' | 'query' | 'body'): T {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const listed = issues.slice(0, MAX_VALIDATION_ISSUES).map((issue) => ({
    in: part,
    field: truncate(issue.path.map(String).join('.')) || undefined,
    message: truncate(issue.message),
  }));
  const more = issues.length - listed.length;
  const what = part === 'path' ? 'path parameters' : part === 'query' ? 'query string' : 'request body';
  throw new ValidationError(`Invalid ${what}${more > 0 ? ` (${issues.length} issues, the first ${listed.length} listed)` : ''}`, {
    details: listed,
  });
}
