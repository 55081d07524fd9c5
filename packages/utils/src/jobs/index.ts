export {
  ACTIVE_STATUSES,
  DEFAULT_JOB_CLEANUP_DAYS,
  EMAIL_FAILURE_METRIC,
  JOB_PRIORITIES,
  JOB_STATUSES,
  MAX_JOB_METADATA_BYTES,
  MAX_JOB_PARAMS_BYTES,
  MAX_RESULT_ERRORS,
  PROGRESS_WRITE_INTERVAL_MS,
  STALE_PROCESSING_MS,
  TERMINAL_STATUSES,
  TIME_BUDGET_RESERVE_MS,
} from './constants';
export { JOB_COMPLETED_EMAIL, JOB_FAILED_EMAIL, sendJobEmail } from './emails';
export {
  InvalidJobError,
  JobCancelledError,
  JobNotFoundError,
  JobStateConflictError,
  JobYieldError,
  LeaseLostError,
  PermanentJobError,
} from './errors';
export { type JobEmailSender, type NotifyOptions, notifyJobOnce } from './notification';
export { ProgressTracker, type ProgressTrackerOptions } from './progress';
export { enqueueJob, PRIORITY_QUEUES } from './queue';
export { type JobProcessor, JobRegistry, type JobRunContext } from './registry';
export { type JobDelivery, JobRunner, type JobRunnerOptions, type LinkSigner, type RunOutcome } from './runner';
export { type ClaimResult, JobStore, type JobStoreClient, type NewJob, type ProgressUpdate, percent, progressPercent } from './store';
export type {
  JobEmail,
  JobEmailStatus,
  JobItemError,
  JobMessage,
  JobPriority,
  JobRecord,
  JobResult,
  JobStatus,
  JobType,
  JobView,
} from './types';
export { toJobView } from './view';
