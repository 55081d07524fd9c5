import { SSE_KEEP_ALIVE_SECONDS } from '@roadcall/contracts';
import { type SseStream, type SseTiming, ssePacer } from '@roadcall/utils/http';
import type { JobStore } from './store';
import type { JobRecord } from './types';
import { toJobView } from './view';

/** SSE timing: how often the job is read, keep-alive comments, and when an open stream is closed. */
export type EventStreamTiming = SseTiming;

/** The keep-alive interval is the contracts' (the edge's origin read timeout is sized against it). */
export const EVENT_STREAM_TIMING: EventStreamTiming = {
  pollMs: 500,
  keepAliveMs: SSE_KEEP_ALIVE_SECONDS * 1000,
  maxDurationMs: 5 * 60_000,
};

/** Tells the browser's EventSource how long to wait before it reconnects (after the 5-minute close). */
const RETRY_MS = 3_000;

function progressPayload(job: JobRecord): Record<string, unknown> {
  return {
    jobId: job.jobId,
    status: job.status,
    progress: job.progress,
    processedItems: job.processedItems,
    totalItems: job.totalItems,
    updatedAt: job.updatedAt,
  };
}

/**
 * Streams a job's life as Server-Sent Events: `job_progress` whenever its progress changes (the
 * record is read every `pollMs`; progress itself is written at most once a second), then one of
 * `job_complete`, `job_failed` or `job_cancelled`, and the stream ends. A `: keep-alive` comment
 * goes out every `keepAliveMs` so proxies keep the connection; after `maxDurationMs` the stream is
 * closed (EventSource reconnects by itself, `retry:` tells it when).
 */
export async function streamJobEvents(
  store: Pick<JobStore, 'get'>,
  first: JobRecord,
  sse: SseStream,
  timing: EventStreamTiming = EVENT_STREAM_TIMING,
  /** Signs the download link of a finished export or report (the GET route's signer). */
  signLink?: (objectKey: string) => Promise<string>,
): Promise<void> {
  const pace = ssePacer(sse, timing, 'reconnect to continue');
  let seq = 0;
  let lastKey = '';
  sse.retry(RETRY_MS);
  let job: JobRecord | undefined = first;
  while (!sse.closed) {
    if (!job) {
      sse.send('job_failed', { jobId: first.jobId, status: 'expired', error: 'The job no longer exists' }, ++seq);
      return;
    }
    const key = `${job.status}:${job.processedItems}:${job.progress}:${job.totalItems ?? ''}`;
    if (key !== lastKey) {
      lastKey = key;
      pace.sent();
      if (job.status === 'completed') {
        const link = job.result?.objectKey && signLink ? await signLink(job.result.objectKey) : undefined;
        sse.send('job_complete', { ...progressPayload(job), result: toJobView(job, link).result }, ++seq);
        return;
      }
      if (job.status === 'failed') {
        sse.send('job_failed', { ...progressPayload(job), error: job.error }, ++seq);
        return;
      }
      if (job.status === 'cancelled') {
        sse.send('job_cancelled', { ...progressPayload(job), cancelledAt: job.cancelledAt }, ++seq);
        return;
      }
      sse.send('job_progress', progressPayload(job), ++seq);
    }
    if (!pace.goOn()) return;
    await pace.wait();
    if (sse.closed) return;
    job = await store.get(first.jobId);
  }
}
