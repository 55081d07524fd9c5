import { createStreamHandler, type StreamingRouteHandler } from '@roadcall/utils/http';
import { EVENT_STREAM_TIMING, type EventStreamTiming, streamJobEvents } from './events';
import { jobIdPath } from './schemas';
import { assertCanSee } from './service';
import { signDownload } from './storage';
import type { JobStore } from './store';
import type { JobRecord } from './types';

/** The SSE route handler; timing is injectable so tests need not wait for a real keep-alive interval. */
export function createEventsHandler(
  store: Pick<JobStore, 'get'>,
  timing: EventStreamTiming = EVENT_STREAM_TIMING,
  signLink: (objectKey: string) => Promise<string> = signDownload,
): StreamingRouteHandler {
  return createStreamHandler({
    route: 'jobs.events',
    path: jobIdPath,
    // Before the stream opens: 404 for a missing job or another user's (auth is checked already).
    prepare: async ({ path, auth }) => assertCanSee(await store.get(path.id), path.id, auth),
    stream: async (_request, sse, job) => streamJobEvents(store, job as JobRecord, sse, timing, signLink),
  });
}
