import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { logger as rootLogger } from '@roadcall/utils/logger';
import { safeParse } from '@roadcall/utils/schema';
import { TIME_BUDGET_RESERVE_MS } from './constants';
import { JobCancelledError, JobYieldError, LeaseLostError, PermanentJobError } from './errors';
import { type JobEmailSender, notifyJobOnce } from './notification';
import { ProgressTracker } from './progress';
import type { JobRegistry } from './registry';
import { JobStore } from './store';
import type { JobRecord } from './types';

/** Turns a stored output key into a download link (presigned; injected so utils needs no S3 signer). */
export type LinkSigner = (objectKey: string) => Promise<string>;

export interface JobRunnerOptions {
  readonly registry: JobRegistry;
  readonly store?: JobStore;
  readonly signLink?: LinkSigner;
  /** Sends the final email; defaults to SES. Its failures are recorded on the job, never thrown. */
  readonly notify?: JobEmailSender;
  readonly progressIntervalMs?: number;
  readonly logger?: Logger;
}

/** One delivery of a job message. */
export interface JobDelivery {
  readonly jobId: string;
  /** This is the message's last receive before the DLQ: a failure now fails the job. */
  readonly lastAttempt: boolean;
  /** Milliseconds left in this invocation (Lambda's getRemainingTimeInMillis). */
  readonly remainingMs?: () => number;
}

/** What became of a delivery; anything but `retry` lets the message be deleted. */
export type RunOutcome =
  | 'completed'
  | 'failed'
  | 'cancelled'
  | 'already-finished'
  | 'not-found'
  | 'lease-lost'
  /** Time ran out: checkpointed, and the caller must send a continuation message. */
  | 'yielded';

/**
 * Runs job messages: claims the job under a lease, runs its processor with progress tracking and
 * cancellation checks, completes or fails it with conditional writes, and makes exactly one email
 * attempt per finished job (see {@link notifyJobOnce}). Idempotent per message: a redelivery of a
 * finished job only makes the email attempt if no delivery has; a redelivery of a running job
 * takes over from the last checkpoint.
 *
 * Errors it rethrows are the processor's, and retryable (the message comes back after a
 * backoff); on the last attempt the job is failed first (one failure email) and the message goes
 * on to the DLQ. The email never throws: once the job's record is final, the message succeeds.
 *
 * @example
 * const runner = new JobRunner({ registry, signLink });
 * await runner.run({ jobId, lastAttempt: receiveCount >= maxReceiveCount });
 */
export class JobRunner {
  readonly #options: JobRunnerOptions;
  readonly #store: JobStore;
  readonly #logger: Logger;

  constructor(options: JobRunnerOptions) {
    this.#options = options;
    this.#store = options.store ?? new JobStore();
    this.#logger = options.logger ?? rootLogger;
  }

  get store(): JobStore {
    return this.#store;
  }

  async run(delivery: JobDelivery): Promise<RunOutcome> {
    const logger = this.#logger.createChild({ persistentKeys: { jobId: delivery.jobId } });
    const leaseId = randomUUID();
    const claim = await this.#store.claim(delivery.jobId, leaseId);
    if (claim.kind === 'not-found') {
      logger.warn('Job message for a job that does not exist (expired or deleted): dropped');
      return 'not-found';
    }
    if (claim.kind === 'finished') {
      // Redelivery after the job ended: do not redo it; only make the email attempt if none was made.
      await this.#notifyOnce(claim.job, logger);
      return claim.job.status === 'cancelled' ? 'cancelled' : 'already-finished';
    }
    try {
      return await this.#runClaimed(claim.job, leaseId, delivery, logger);
    } finally {
      // However the run ended (a retry's throw included), this lease is done with the job.
      this.#store.release(claim.job.jobId, leaseId);
    }
  }

  /** Runs a job this delivery has claimed under `leaseId`, to its outcome. */
  async #runClaimed(job: JobRecord, leaseId: string, delivery: JobDelivery, logger: Logger): Promise<RunOutcome> {
    const processor = this.#options.registry.get(job.type);
    if (!processor) return this.#failJob(job.jobId, `Unknown job type "${job.type}"`, logger);

    const parsed = safeParse(processor.params, job.params);
    if (!parsed.success) {
      return this.#failJob(job.jobId, `Invalid parameters: ${parsed.error.issues.map((i) => i.message).join('; ')}`, logger);
    }

    const saved = job.checkpoint as { state?: unknown; processed?: number } | undefined;
    const resumedFrom = saved?.state !== undefined ? (saved.processed ?? 0) : 0;
    const tracker = new ProgressTracker({
      store: this.#store,
      jobId: job.jobId,
      leaseId,
      startAt: resumedFrom,
      floor: job.processedItems ?? 0,
      progressFloor: job.progress ?? 0,
      total: job.totalItems,
      intervalMs: this.#options.progressIntervalMs,
    });
    const remaining = delivery.remainingMs;
    try {
      const result = await processor.run({
        job,
        params: parsed.data,
        logger,
        checkpoint: saved?.state,
        resumedFrom,
        setTotal: (total) => tracker.setTotal(total),
        setFractionDone: (fraction) => tracker.setFractionDone(fraction),
        chunkDone: async (items, checkpoint) => {
          const outOfTime = remaining !== undefined && remaining() < TIME_BUDGET_RESERVE_MS && checkpoint !== undefined;
          await tracker.chunkDone(items, checkpoint, outOfTime);
          if (outOfTime) throw new JobYieldError('Out of time in this invocation; continuing in the next');
        },
      });
      const total = tracker.total ?? tracker.processed;
      const completed = await this.#store.complete(job.jobId, leaseId, result, tracker.processed, total);
      if (!completed) {
        const current = await this.#store.get(job.jobId, true);
        if (current?.status === 'cancelled') return 'cancelled';
        logger.warn('Another worker owns the job; this run is dropped', { status: current?.status });
        return 'lease-lost';
      }
      logger.info('Job completed', { processed: tracker.processed, progressWrites: tracker.writes });
      await this.#notifyOnce(completed, logger);
      return 'completed';
    } catch (error) {
      if (error instanceof JobCancelledError) {
        logger.info('Job cancelled; stopped between chunks', { processed: tracker.processed });
        return 'cancelled';
      }
      if (error instanceof LeaseLostError) return 'lease-lost';
      if (error instanceof JobYieldError) return 'yielded';
      if (error instanceof PermanentJobError) return this.#failJob(job.jobId, error.message, logger);
      if (delivery.lastAttempt) {
        logger.error('Job failed on its last attempt', { error: error as Error });
        await this.#failJob(job.jobId, `Failed after repeated attempts: ${(error as Error).message}`, logger);
      }
      throw error;
    }
  }

  /** Fails a job (once) and makes its failure email attempt. */
  async #failJob(jobId: string, message: string, logger: Logger): Promise<RunOutcome> {
    const failed = await this.#store.fail(jobId, message);
    const job = failed ?? (await this.#store.get(jobId, true));
    if (job) await this.#notifyOnce(job, logger);
    return 'failed';
  }

  /** The job's one email attempt; records its outcome on the job and never throws. */
  async #notifyOnce(job: JobRecord, logger: Logger): Promise<void> {
    await notifyJobOnce(this.#store, job, { send: this.#options.notify, signLink: this.#options.signLink, logger });
  }
}
