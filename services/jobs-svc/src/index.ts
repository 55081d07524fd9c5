/**
 * @roadcall/jobs-svc: async jobs (exports, bulk operations, reports) on SQS priority queues, with
 * progress, cancel, SSE and email. The public face: what other packages (the local stack, the
 * benchmarks) may import. The job domain (store, runner, registry, templates) lives here, not in
 * packages/utils: no other service runs jobs.
 *
 * @example
 * import { jobStore, type JobRecord } from '@roadcall/jobs-svc';
 * const job: JobRecord | undefined = await jobStore().get(jobId);
 */
export * from './constants';
export { JOB_COMPLETED_EMAIL, JOB_FAILED_EMAIL, sendJobEmail } from './emails';
export * from './errors';
export { createRegistry } from './processors';
export { enqueueJob, PRIORITY_QUEUES } from './queue';
export { type JobProcessor, JobRegistry, type JobRunContext } from './registry';
export { type JobDelivery, JobRunner, type JobRunnerOptions, type LinkSigner, type RunOutcome } from './runner';
export { jobRegistry, jobStore, jobSubmitter, jobsService } from './runtime';
export { type ClaimResult, JobStore, type NewJob, type ProgressUpdate, percent, progressPercent } from './store';
export type * from './types';
export { toJobView } from './view';
