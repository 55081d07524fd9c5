import { ValidationError } from '@roadcall/utils';
import { pageSizeSchema } from '@roadcall/utils/pagination';
import { latitude, longitude } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
import { CALLER_TRANSITIONS, INCIDENT_STATUSES, SERVICE_TYPES } from './constants';

/** Coordinates, decimal degrees. */
export const locationSchema = z.object({ lat: latitude(), lon: longitude() });

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));

/** The body of POST /incidents. Unknown fields are rejected, so typos fail loudly. */
export const newIncidentSchema = z.strictObject({
  location: locationSchema,
  serviceType: z.enum(SERVICE_TYPES),
  vehicle: z.strictObject({
    make: text(40),
    model: text(40),
    year: z.optional(z.number().check(z.int(), z.minimum(1900), z.maximum(2100))),
    plate: z.optional(text(16)),
    color: z.optional(text(20)),
  }),
  description: z.optional(z.string().check(z.trim(), z.maxLength(1000))),
});

/** Path parameter `{id}`: incident ids are UUIDs; anything else cannot exist (400, no lookup). */
export const incidentIdPath = z.object({ id: z.uuid() });

export const listQuerySchema = z.object({
  status: z.optional(z.enum(INCIDENT_STATUSES)),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  limit: pageSizeSchema,
});

export const statusBodySchema = z.strictObject({
  status: z.enum(Object.keys(CALLER_TRANSITIONS) as [keyof typeof CALLER_TRANSITIONS, ...Array<keyof typeof CALLER_TRANSITIONS>]),
  reason: z.optional(z.string().check(z.trim(), z.maxLength(500))),
});

/** A matching queue message body. */
export const matchingMessageSchema = z.object({ incidentId: z.uuid(), round: z.number().check(z.int(), z.minimum(0)) });

/** A matching message, parsed from its SQS body. */
export type MatchingMessage = z.infer<typeof matchingMessageSchema>;

/**
 * The matching message in an SQS body; throws a 400-class `ValidationError` when the body is not
 * JSON or not a matching message, so the consumer reports it failed (then the DLQ keeps it).
 *
 * @example
 * await engine.handle(parseMatchingMessage(record.body));
 */
export function parseMatchingMessage(body: string): MatchingMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ValidationError('A matching message body is not JSON', { cause: error });
  }
  const message = matchingMessageSchema.safeParse(parsed);
  if (!message.success) throw new ValidationError('Not a matching message', { details: message.error.issues });
  return message.data;
}
