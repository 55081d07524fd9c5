import { TABLES } from '@roadcall/contracts';
import { pageSizeSchema, startKeySchema } from '@roadcall/utils/pagination';
import { boundedJsonObject } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
import { JOB_PRIORITIES, JOB_STATUSES, MAX_JOB_METADATA_BYTES, MAX_JOB_PARAMS_BYTES } from './constants';

/** What a listing cursor may carry: exactly a key of the byUser index (anything else is a 400). */
export const BY_USER_KEY = startKeySchema(TABLES.jobs, 'byUser');

export const listJobsQuery = z.object({
  status: z.optional(z.enum(JOB_STATUSES)),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  limit: pageSizeSchema,
});
export type ListJobsQuery = z.infer<typeof listJobsQuery>;

export const jobIdPath = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

/** POST /jobs body: the job's parameters are checked against its type's schema by the submitter. */
export const createJobBody = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(64)),
  // Free-form JSON stored in the job item: bounded in depth (MAX_JSON_DEPTH) and size, DynamoDB-storable.
  params: z._default(boundedJsonObject({ maxBytes: MAX_JOB_PARAMS_BYTES }), {}),
  priority: z.optional(z.enum(JOB_PRIORITIES)),
  metadata: z.optional(boundedJsonObject({ maxBytes: MAX_JOB_METADATA_BYTES })),
});
export type CreateJobBody = z.infer<typeof createJobBody>;
