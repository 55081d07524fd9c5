import { PROGRESS_WRITE_INTERVAL_MS } from './constants';
import { JobCancelledError, LeaseLostError } from './errors';
import { type JobStore, progressPercent } from './store';

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
  /** The percentage the record shows already: a restarted run never shows less. */
  readonly progressFloor?: number;
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
  #fraction: number | undefined;
  #shown: number;
  #lastWriteAt = 0;
  #writes = 0;

  constructor(options: ProgressTrackerOptions) {
    this.#options = options;
    this.#interval = options.intervalMs ?? PROGRESS_WRITE_INTERVAL_MS;
    this.#now = options.now ?? Date.now;
    this.#processed = options.startAt;
    this.#total = options.total;
    this.#shown = options.progressFloor ?? 0;
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

  /** The percentage this run would show now: never below what was shown, 99 at most. */
  get progress(): number {
    return Math.max(this.#shown, progressPercent(this.#processed, this.#total, this.#fraction));
  }

  setTotal(total: number): void {
    this.#total = total;
  }

  /** The processor's own measure of work finished (0-1), for when the total is unknown or too small. */
  setFractionDone(fraction: number): void {
    this.#fraction = Math.min(1, Math.max(this.#fraction ?? 0, fraction));
  }

  /** Adds a chunk; writes when the interval has passed (or `force`), else checks for a cancel. */
  async chunkDone(items: number, checkpoint: unknown, force = false): Promise<void> {
    this.#processed += items;
    const due = force || this.#now() - this.#lastWriteAt >= this.#interval;
    const floor = this.#options.floor;
    // Something to show: more items, or (as many items, e.g. an empty scan segment) a higher percentage.
    const moved = this.#processed > floor || (this.#processed === floor && this.progress > this.#shown);
    if (due && moved) {
      await this.#write(checkpoint);
      return;
    }
    await this.#checkControl();
  }

  async #write(checkpoint: unknown): Promise<void> {
    const progress = this.progress;
    const written = await this.#options.store.writeProgress(this.#options.jobId, this.#options.leaseId, {
      processedItems: this.#processed,
      totalItems: this.#total,
      progress,
      // `null` clears nothing and marks "no resume point": undefined leaves the stored one.
      checkpoint: checkpoint === undefined ? undefined : { state: checkpoint, processed: this.#processed },
    });
    this.#lastWriteAt = this.#now();
    if (written) {
      this.#shown = progress;
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
