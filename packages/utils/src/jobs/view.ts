import type { JobRecord, JobView } from './types';

/** The job as the API shows it: bookkeeping (lease, checkpoint) removed; the email outcome stays, for its owner. */
export function toJobView(job: JobRecord, downloadUrl?: string): JobView {
  const { leaseId: _lease, checkpoint: _checkpoint, expiresAt, ...rest } = job;
  return {
    ...rest,
    result: job.result ? { ...job.result, ...(downloadUrl ? { downloadUrl } : {}) } : undefined,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
  };
}
