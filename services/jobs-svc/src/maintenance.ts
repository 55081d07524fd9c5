import { STALE_PROCESSING_MS } from './constants';
import { notifyJobOnce } from './notification';
import { JobStore } from './store';

/**
 * Daily: expired jobs deleted; jobs whose worker was lost (killed on the message's last attempt,
 * so nobody failed the job) failed, with their one failure email.
 */
export async function cleanupJobs(store = new JobStore()): Promise<{ deleted: number; failedStale: number }> {
  const { deleted, failedStale } = await store.cleanup(STALE_PROCESSING_MS);
  for (const jobId of failedStale) {
    const job = await store.get(jobId, true);
    // One attempt, recorded on the job; an email failure never fails the cleanup.
    if (job) await notifyJobOnce(store, job);
  }
  return { deleted, failedStale: failedStale.length };
}
