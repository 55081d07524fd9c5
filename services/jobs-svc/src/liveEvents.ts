import { type JobEventType, publishJobEvent } from '@roadcall/platform-svc/events';
import type { DocumentSender } from '@roadcall/utils/aws';
import { logger } from '@roadcall/utils/logger';
import { recordJob } from '@roadcall/utils/metrics';
import type { LinkSigner } from './runner';
import { type ClaimResult, JobStore, type ProgressUpdate } from './store';
import type { JobRecord, JobResult } from './types';
import { toJobView } from './view';

/** What the store remembers of a claimed job to address its progress messages. */
interface Running {
  readonly userId: string;
  readonly type: string;
  /** The run's lease: a newer run of the same job (a redelivery) replaces the entry. */
  readonly leaseId: string;
}

/**
 * Runs a container remembers at most. Entries leave when their run ends (`release`), so this is
 * never reached in practice; it bounds the map should an end ever be missed (the oldest goes: its
 * progress messages stop, its final message, addressed from the job's record, does not).
 */
export const MAX_RUNNING_JOB_ENTRIES = 1_000;

/** Publishes one job message; injectable for tests. */
export type JobEventPublisher = (userId: string, type: JobEventType, data: Readonly<Record<string, unknown>>) => Promise<unknown>;

const progressOf = (job: JobRecord): Record<string, unknown> => ({
  jobId: job.jobId,
  type: job.type,
  status: job.status,
  progress: job.progress,
  processedItems: job.processedItems,
  totalItems: job.totalItems,
  updatedAt: job.updatedAt,
});

const elapsedMs = (job: JobRecord): number => {
  const from = Date.parse(job.startedAt ?? job.createdAt);
  const to = Date.parse(job.completedAt ?? job.updatedAt);
  return Number.isFinite(from) && Number.isFinite(to) ? Math.max(0, to - from) : 0;
};

/**
 * The job store the consumer runs with: every state change it writes also goes to the owner's
 * live events channel (`GET /events`, through the platform service's publishing interface), and
 * every finished job is recorded in the metrics (processing time, completed or failed per type).
 * Only after the conditional write succeeded, so a message never announces a state the table
 * refused; a publish that fails is logged, never thrown: the job's record is the truth, and the
 * job's own stream (`GET /jobs/{id}/events`) reads it.
 *
 * @example
 * const runner = new JobRunner({ registry, store: new PublishingJobStore({ signLink: signDownload }) });
 */
export class PublishingJobStore extends JobStore {
  readonly #running = new Map<string, Running>();
  readonly #publish: JobEventPublisher;
  readonly #signLink?: LinkSigner;
  readonly #maxRunning: number;

  constructor(
    options: {
      client?: DocumentSender;
      table?: string;
      publish?: JobEventPublisher;
      signLink?: LinkSigner;
      /** Runs remembered at most ({@link MAX_RUNNING_JOB_ENTRIES}). */
      maxRunning?: number;
    } = {},
  ) {
    super(options);
    this.#publish = options.publish ?? publishJobEvent;
    this.#signLink = options.signLink;
    this.#maxRunning = options.maxRunning ?? MAX_RUNNING_JOB_ENTRIES;
  }

  /** Runs this container is tracking (claimed and not yet ended). */
  get runningJobs(): number {
    return this.#running.size;
  }

  override async claim(jobId: string, leaseId: string): Promise<ClaimResult> {
    const claim = await super.claim(jobId, leaseId);
    if (claim.kind === 'claimed') {
      this.#running.delete(jobId);
      if (this.#running.size >= this.#maxRunning) {
        const oldest = this.#running.keys().next().value;
        if (oldest !== undefined) this.#running.delete(oldest);
      }
      this.#running.set(jobId, { userId: claim.job.userId, type: claim.job.type, leaseId });
      await this.#send(claim.job.userId, 'job_progress', progressOf(claim.job));
    }
    return claim;
  }

  override async writeProgress(jobId: string, leaseId: string, update: ProgressUpdate): Promise<boolean> {
    const written = await super.writeProgress(jobId, leaseId, update);
    const running = this.#running.get(jobId);
    if (written && running) {
      await this.#send(running.userId, 'job_progress', {
        jobId,
        type: running.type,
        status: 'processing',
        progress: update.progress,
        processedItems: update.processedItems,
        totalItems: update.totalItems,
        updatedAt: new Date().toISOString(),
      });
    }
    return written;
  }

  override async complete(
    jobId: string,
    leaseId: string,
    result: JobResult,
    processedItems: number,
    totalItems: number,
  ): Promise<JobRecord | undefined> {
    const job = await super.complete(jobId, leaseId, result, processedItems, totalItems);
    this.release(jobId, leaseId);
    if (job) {
      recordJob(job.type, { durationMs: elapsedMs(job), failed: false });
      const link = job.result?.objectKey && this.#signLink ? await this.#signLink(job.result.objectKey).catch(() => undefined) : undefined;
      await this.#send(job.userId, 'job_complete', { ...progressOf(job), result: toJobView(job, link).result });
    }
    return job;
  }

  override async fail(jobId: string, message: string): Promise<JobRecord | undefined> {
    const job = await super.fail(jobId, message);
    this.#running.delete(jobId);
    if (job) {
      recordJob(job.type, { durationMs: elapsedMs(job), failed: true });
      await this.#send(job.userId, 'job_failed', { ...progressOf(job), error: job.error });
    }
    return job;
  }

  /** The run under `leaseId` ended (cancelled, lease lost, yielded, retried, or finished): forget it. */
  override release(jobId: string, leaseId: string): void {
    if (this.#running.get(jobId)?.leaseId === leaseId) this.#running.delete(jobId);
  }

  async #send(userId: string, type: JobEventType, data: Record<string, unknown>): Promise<void> {
    try {
      await this.#publish(userId, type, data);
    } catch (error) {
      logger.warn('Live event not published (the job record stays the truth)', {
        type,
        jobId: data.jobId,
        error: (error as Error).message,
      });
    }
  }
}
