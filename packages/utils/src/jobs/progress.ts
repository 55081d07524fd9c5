import { PROGRESS_WRITE_INTERVAL_MS } from './constants';
import { JobCancelledError, LeaseLostError } from './errors';
import type { JobStore } from './store';

/** The store operations a progress tracker needs. */
export type ProgressStore = Pick<JobStore, 'writeProgress' | 'get'>;

export interface ProgressTrackerOptions {
  readonly store: ProgressStore;
  readonly jobId: string;
  readonly leaseId: string;
  /** Items already processed (a resumed run); writes below what is stored are skipped. */
  readonly startAt: number;
  /** What the record shows already: a restarted run does not write until it passes it. */
  readonly floor: number;
  readonly total?: number;
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/**
 * Counts a run's processed items and writes progress at most once per interval (plus a final
 * flush), so a 100,000-item job makes a few dozen writes, not thousands. Between writes it reads
 * the job's status once per chunk to notice a cancel within one chunk.
 */
export class ProgressTracker {
  readonly #options: ProgressTrackerOptions;
  readonly #interval: number;
  readonly #now: () => number;
  #processed: number;
  #total: number | undefined;
  #lastWriteAt = 0;
  #writes = 0;

  constructor(options: ProgressTrackerOptions) {
    this.#options = options;
    this.#interval = options.intervalMs ?? PROGRESS_WRITE_INTERVAL_MS;
    this.#now = options.now ?? Date.now;
    this.#processed = options.startAt;
    this.#total = options.total;
    // The first chunk of a run writes at once: the client sees the job move.
    this.#lastWriteAt = -Infinity;
  }

  get processed(): number {
    return this.#processed;
  }

  get total(): number | undefined {
    return this.#total;
  }

  /** Progress writes this run made. */
  get writes(): number {
    return this.#writes;
  }

  setTotal(total: number): void {
    this.#total = total;
  }

  /** Adds a chunk; writes when the interval has passed (or `force`), else checks for a cancel. */
  async chunkDone(items: number, checkpoint: unknown, force = false): Promise<void> {
    this.#processed += items;
    const due = force || this.#now() - this.#lastWriteAt >= this.#interval;
    if (due && this.#processed > this.#options.floor) {
      await this.#write(checkpoint);
      return;
    }
    await this.#checkControl();
  }

  async #write(checkpoint: unknown): Promise<void> {
    const written = await this.#options.store.writeProgress(this.#options.jobId, this.#options.leaseId, {
      processedItems: this.#processed,
      totalItems: this.#total,
      // `null` clears nothing and marks "no resume point": undefined leaves the stored one.
      checkpoint: checkpoint === undefined ? undefined : { state: checkpoint, processed: this.#processed },
    });
    this.#lastWriteAt = this.#now();
    if (written) {
      this.#writes++;
      return;
    }
    await this.#checkControl();
  }

  /** One consistent read of the job's status and lease: cancelled or taken over -> stop. */
  async #checkControl(): Promise<void> {
    const job = await this.#options.store.get(this.#options.jobId, true);
    if (!job || job.status === 'cancelled') throw new JobCancelledError('The job was cancelled');
    if (job.status !== 'processing' || job.leaseId !== this.#options.leaseId) {
      throw new LeaseLostError(`The job is ${job.status} under another worker`);
    }
  }
}
