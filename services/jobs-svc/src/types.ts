import type { JOB_PRIORITIES, JOB_STATUSES } from './constants';

export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobPriority = (typeof JOB_PRIORITIES)[number];

/** A job type's name, e.g. `export`; the registry decides which exist. */
export type JobType = string;

/** One item a job could not process. */
export interface JobItemError {
  readonly item: string;
  readonly error: string;
}

/** What a finished job produced. */
export interface JobResult {
  /** Presigned URL of the output (generated on read: it outlives no credentials). */
  readonly downloadUrl?: string;
  /** Where the output lives (bucket key); the download URL is signed from it. */
  readonly objectKey?: string;
  readonly summary?: Readonly<Record<string, unknown>>;
  readonly errors?: ReadonlyArray<JobItemError>;
  /** Item errors beyond those listed. */
  readonly errorCount?: number;
}

/**
 * Where a job's one email stands. `sending` is written (conditionally) before SES is called, so
 * at most one delivery of the job's message ever attempts it; the attempt then records `sent`,
 * `failed` (with the error) or `skipped` (no address). A job left at `sending` lost its worker
 * between the mark and the send: it got no email, and never gets a duplicate.
 */
export type JobEmailStatus = 'sending' | 'sent' | 'failed' | 'skipped';

/** The outcome of a job's email, on the job record. */
export interface JobEmail {
  readonly status: JobEmailStatus;
  /** When the status was written. */
  readonly at: string;
  /** Why it failed or was skipped. */
  readonly error?: string;
  /** SES message id of a sent email. */
  readonly messageId?: string;
}

/** The job item in the jobs table. */
export interface JobRecord {
  readonly jobId: string;
  readonly userId: string;
  readonly userEmail?: string;
  readonly type: JobType;
  readonly priority: JobPriority;
  readonly status: JobStatus;
  /** 0-100, never decreasing. */
  readonly progress: number;
  readonly totalItems?: number;
  readonly processedItems: number;
  /** Type-specific input (validated by the type's schema). */
  readonly params: Readonly<Record<string, unknown>>;
  /** Free-form client data, returned as given. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly result?: JobResult;
  readonly error?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly cancelledAt?: string;
  /** Epoch seconds; reads treat an expired job as gone (TTL deletes lazily). */
  readonly expiresAt: number;
  /** Internal: the worker that owns the run, its attempts, resume state, progress writes. */
  readonly leaseId?: string;
  readonly attempts?: number;
  readonly checkpoint?: unknown;
  readonly progressWrites?: number;
  /** The final email: claimed once, then its outcome (never affects the job's status). */
  readonly email?: JobEmail;
}

/** The public view of a job (internal bookkeeping removed; see `toJobView`). */
export type JobView = Omit<JobRecord, 'leaseId' | 'attempts' | 'checkpoint' | 'progressWrites' | 'expiresAt'> & {
  readonly expiresAt: string;
};

/** The SQS message body of a job. */
export interface JobMessage {
  readonly jobId: string;
}
