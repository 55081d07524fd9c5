import type { AuthContext } from '@roadcall/utils/auth';
import { safeParse } from '@roadcall/utils/schema';
import { InvalidJobError } from './errors';
import { enqueueJob } from './queue';
import type { JobRegistry } from './registry';
import type { CreateJobBody } from './schemas';
import { JobStore } from './store';
import type { JobView } from './types';
import { toJobView } from './view';

/**
 * Creates jobs: validates a job against its type in the registry, authorizes it, stores it
 * queued and enqueues it by priority. Kept apart from {@link JobsService} (the reads) so only the
 * create function bundles the registry and this schema.
 *
 * @example
 * const view = await jobSubmitter().create(auth, { type: 'export', params: { source: 'incidents' } });
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
