/** Every status a job passes through: queued -> processing -> completed | failed | cancelled. */
export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;

/** Statuses a job never leaves. */
export const TERMINAL_STATUSES = ['completed', 'failed', 'cancelled'] as const;

/** Statuses a job may still be cancelled, claimed or failed from. */
export const ACTIVE_STATUSES = ['queued', 'processing'] as const;

/** Priorities, each an SQS queue of its own (contracts: jobsHigh, jobsNormal, jobsLow). */
export const JOB_PRIORITIES = ['high', 'normal', 'low'] as const;

/** At most one progress write per job per this interval: a 100,000-item job must not hammer its item. */
export const PROGRESS_WRITE_INTERVAL_MS = 1_000;

/** Days a job is kept (JOB_CLEANUP_DAYS overrides). */
export const DEFAULT_JOB_CLEANUP_DAYS = 30;

/**
 * A processing job whose record has not changed for this long has lost its worker for good
 * (every attempt of its message is over: 3 receives x 120 s visibility, plus backoff); the daily
 * cleanup marks it failed. See docs/jobs.md.
 */
export const STALE_PROCESSING_MS = 60 * 60 * 1000;

/**
 * When less than this much of the Lambda's time is left, the runner checkpoints and hands the
 * job over to a continuation message instead of being killed mid-chunk.
 */
export const TIME_BUDGET_RESERVE_MS = 15_000;

/** Errors kept in a job's result (the rest are counted). */
export const MAX_RESULT_ERRORS = 100;

/** CloudWatch metric (EMF, namespace POWERTOOLS_METRICS_NAMESPACE) counting job emails that failed or could not be claimed. */
export const EMAIL_FAILURE_METRIC = 'JobEmailFailures';

/** Characters of an email error kept on the job. */
export const MAX_EMAIL_ERROR_LENGTH = 500;

/**
 * Largest job `params` as JSON: a bulk operation names up to 10,000 vendor ids (~170 KB), and the
 * whole job item must stay under DynamoDB's 400 KB.
 */
export const MAX_JOB_PARAMS_BYTES = 300 * 1024;

/** Largest job `metadata` as JSON: free-form labels for the client, not a payload. */
export const MAX_JOB_METADATA_BYTES = 16 * 1024;
