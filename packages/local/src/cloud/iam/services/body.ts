import { GateRequestError } from '../errors';
import type { GateService } from '../types';
import type { InspectedRequest } from './types';

/** The JSON body of a request, or a 400 `SerializationException` as the JSON protocols answer it. */
export function jsonBody(service: GateService, request: InspectedRequest): Record<string, unknown> {
  const text = request.body?.toString('utf8') ?? '';
  if (text.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new GateRequestError(service, 400, 'SerializationException', 'The request body is not a JSON object');
}

/** A string member of a body, or a 400 naming the missing parameter. */
export function requiredString(service: GateService, body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value === 'string' && value !== '') return value;
  throw new GateRequestError(
    service,
    400,
    'ValidationException',
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
}

/** The header value of `x-amz-target`, e.g. `DynamoDB_20120810.GetItem`. */
export function target(request: Pick<InspectedRequest, 'headers'>): string | undefined {
  const value = request.headers['x-amz-target'];
  return Array.isArray(value) ? value[0] : value;
}

/** Percent-decodes a path segment; malformed escapes are the caller's error (400), not the gate's. */
export function decodeSegment(service: GateService, text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new GateRequestError(
      service,
      400,
      service === 's3' ? 'InvalidURI' : 'ValidationException',
      `Couldn't parse the specified URI: ${text}`,
    );
  }
}
