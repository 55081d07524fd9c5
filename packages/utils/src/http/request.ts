import type { APIGatewayProxyEvent } from 'aws-lambda';
import { MalformedJsonError, ValidationError } from '../errors';
import { type Schema, safeParse } from '../schema';

/** Headers with lower-cased names (API Gateway preserves the client's casing). */
export function normaliseHeaders(event: Pick<APIGatewayProxyEvent, 'headers'>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The query string as an object: a key given once is a string, a repeated key (`?s=a&s=b`) an
 * array, as API Gateway's multi-value parameters carry it.
 */
export function queryObject(
  event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'>,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const multi = event.multiValueQueryStringParameters ?? {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value === undefined) continue;
    const all = multi[key];
    out[key] = all && all.length > 1 ? all : value;
  }
  return out;
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
      details: { reason: (error as Error).message },
    });
  }
}

/** Parses a request part with a zod schema; failures become a 400 listing every issue. */
export function validate<T>(schema: Schema<T>, value: unknown, part: 'path' | 'query' | 'body'): T {
  const result = safeParse(schema, value);
  if (result.success) return result.data;
  throw new ValidationError(`Invalid ${part === 'path' ? 'path parameters' : part === 'query' ? 'query string' : 'request body'}`, {
    details: result.error.issues.map((issue) => ({
      in: part,
      field: issue.path.join('.') || undefined,
      message: issue.message,
    })),
  });
}
