import type { AuthContext } from '@roadcall/utils/auth';
import { boundedJsonObject, safeParse } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
import { JOB_PRIORITIES, MAX_JOB_METADATA_BYTES, MAX_JOB_PARAMS_BYTES } from './constants';
import { InvalidJobError } from './errors';
import { enqueueJob } from './queue';
import type { JobRegistry } from './registry';
import { JobStore } from './store';
import type { JobView } from './types';
import { toJobView } from './view';

export const createJobBody = z.object({
  type: z.string().check(z.minLength(1), z.maxLength(64)),
  // Free-form JSON stored in the job item: bounded in depth (MAX_JSON_DEPTH) and size, DynamoDB-storable.
  params: z._default(boundedJsonObject({ maxBytes: MAX_JOB_PARAMS_BYTES }), {}),
  priority: z.optional(z.enum(JOB_PRIORITIES)),
  metadata: z.optional(boundedJsonObject({ maxBytes: MAX_JOB_METADATA_BYTES })),
});
export type CreateJobBody = z.infer<typeof createJobBody>;

/**
 * Creates jobs: validates a job against its type in the registry, authorizes it, stores it
 * queued and enqueues it by priority. Kept apart from {@link JobsService} (the reads) so only the
 * create function bundles the registry and this schema.
 *
 * @example
 * const view = await new JobSubmitter(registry).create(auth, { type: 'export', params: { source: 'incidents' } });
 */
export class JobSubmitter {
  readonly #store: JobStore;
  readonly #registry: JobRegistry;

  constructor(registry: JobRegistry, store: JobStore = new JobStore()) {
    this.#registry = registry;
    this.#store = store;
  }

  async create(auth: AuthContext, body: CreateJobBody): Promise<JobView> {
    const processor = this.#registry.get(body.type);
    if (!processor) {
      throw new InvalidJobError(`Unknown job type "${body.type}"`, { details: { types: this.#registry.types() } });
    }
    const parsed = safeParse(processor.params, body.params);
    if (!parsed.success) {
      throw new InvalidJobError('Invalid job parameters', {
        details: parsed.error.issues.map((issue) => ({ in: 'body', field: ['params', ...issue.path].join('.'), message: issue.message })),
      });
    }
    processor.authorize?.(auth, parsed.data);
    const job = await this.#store.create({
      userId: auth.userId,
      userEmail: auth.email,
      type: body.type,
      priority: body.priority ?? processor.defaultPriority,
      params: parsed.data as Record<string, unknown>,
      metadata: body.metadata,
    });
    await enqueueJob(job.jobId, job.priority);
    return toJobView(job);
  }
}
