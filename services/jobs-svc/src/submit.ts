import { type AuditRequest, auditAdminAction } from '@roadcall/platform-svc/audit';
import type { AuthContext } from '@roadcall/utils/auth';
import { safeParse } from '@roadcall/utils/schema';
import { InvalidJobError } from './errors';
import { enqueueJob } from './queue';
import type { JobRegistry } from './registry';
import type { CreateJobBody } from './schemas';
import { JobStore } from './store';
import type { JobView } from './types';
import { toJobView } from './view';

/** Records an admin action in the platform's audit log (its `platform.recordAudit` function). */
export type AuditRecorder = (request: AuditRequest) => Promise<unknown>;

/**
 * Creates jobs: validates a job against its type in the registry, authorizes it, stores it
 * queued, records it in the platform's audit log when its type is an admin action (bulk_operation;
 * a job whose record fails is cancelled and the call answers the failure) and enqueues it by
 * priority. Kept apart from {@link JobsService} (the reads) so only the
 * create function bundles the registry and this schema.
 *
 * @example
 * const view = await jobSubmitter().create(auth, { type: 'export', params: { source: 'incidents' } });
 */
export class JobSubmitter {
  readonly #store: JobStore;
  readonly #registry: JobRegistry;
  readonly #audit: AuditRecorder;

  constructor(registry: JobRegistry, store: JobStore = new JobStore(), audit: AuditRecorder = auditAdminAction) {
    this.#registry = registry;
    this.#store = store;
    this.#audit = audit;
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
    const audited = processor.audit?.(parsed.data);
    if (audited) {
      // Recorded before the job is queued: an admin action that could not be audited does not run.
      try {
        await this.#audit({
          actor: auth.userId,
          action: audited.action,
          subject: job.jobId,
          details: { type: job.type, ...audited.details },
        });
      } catch (error) {
        await this.#store.cancel(job.jobId).catch(() => undefined);
        throw error;
      }
    }
    await enqueueJob(job.jobId, job.priority);
    return toJobView(job);
  }
}
