import type { JobRecord, JobView } from './types';

/**
 * The fields of a job the API shows, and nothing else: an allow-list, so bookkeeping added to the
 * record later (leases, attempts, checkpoints, progress-write counters) stays internal unless
 * someone decides to publish it here. The email outcome is shown: its owner may want to know.
 */
const PUBLIC_FIELDS = [
  'jobId',
  'userId',
  'userEmail',
  'type',
  'priority',
  'status',
  'progress',
  'totalItems',
  'processedItems',
  'params',
  'metadata',
  'error',
  'createdAt',
  'updatedAt',
  'startedAt',
  'completedAt',
  'cancelledAt',
  'email',
] as const satisfies ReadonlyArray<keyof JobRecord>;

/**
 * The job as the API shows it: the public fields, the result (with a freshly signed download link
 * when given) and the expiry as an ISO date.
 *
 * @example
 * return ok(toJobView(job, await signDownload(job.result?.objectKey)));
 */
export function toJobView(job: JobRecord, downloadUrl?: string): JobView {
  const view: Record<string, unknown> = {};
  for (const field of PUBLIC_FIELDS) if (job[field] !== undefined) view[field] = job[field];
  if (job.result) view.result = { ...job.result, ...(downloadUrl ? { downloadUrl } : {}) };
  view.expiresAt = new Date(job.expiresAt * 1000).toISOString();
  return view as unknown as JobView;
}
