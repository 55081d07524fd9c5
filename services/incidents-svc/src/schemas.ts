import { pageSizeSchema } from '@roadcall/utils/pagination';
import { z } from 'zod';
import { CALLER_TRANSITIONS, INCIDENT_STATUSES, SERVICE_TYPES } from './constants';

/** Coordinates, decimal degrees. */
export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

const text = (max: number) => z.string().trim().min(1).max(max);

/** The body of POST /incidents. Unknown fields are rejected, so typos fail loudly. */
export const newIncidentSchema = z.strictObject({
  location: locationSchema,
  serviceType: z.enum(SERVICE_TYPES),
  vehicle: z.strictObject({
    make: text(40),
    model: text(40),
    year: z.number().int().min(1900).max(2100).optional(),
    plate: text(16).optional(),
    color: text(20).optional(),
  }),
  description: z.string().trim().max(1000).optional(),
});

/** Path parameter `{id}`: incident ids are UUIDs; anything else cannot exist (400, no lookup). */
export const incidentIdPath = z.object({ id: z.uuid() });

export const listQuerySchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  cursor: z.string().min(1).max(2048).optional(),
  limit: pageSizeSchema,
});

export const statusBodySchema = z.strictObject({
  status: z.enum(Object.keys(CALLER_TRANSITIONS) as [keyof typeof CALLER_TRANSITIONS, ...Array<keyof typeof CALLER_TRANSITIONS>]),
  reason: z.string().trim().max(500).optional(),
});

/** A matching queue message body. */
export const matchingMessageSchema = z.object({ incidentId: z.uuid(), round: z.number().int().min(0) });
