import { createStreamHandler, type StreamingRouteHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { CHANNEL_TIMING, type ChannelState, type ChannelTiming, openChannel, streamChannel } from './channel';

/** `?lastEventId=`: the same as the Last-Event-ID header, for clients that cannot set headers. */
const eventsQuery = z.object({ lastEventId: z.optional(z.string().check(z.maxLength(64))) });

/**
 * The GET /events route handler; timing is injectable so tests need not wait for a real
 * keep-alive interval or lifetime.
 */
export function createLiveEventsHandler(timing: ChannelTiming = CHANNEL_TIMING): StreamingRouteHandler {
  return createStreamHandler({
    route: 'platform.events',
    query: eventsQuery,
    // Before the stream opens: a bad Last-Event-ID is a 400, Redis down a 503 with Retry-After.
    prepare: async ({ auth, headers, query }) => openChannel(auth, headers['last-event-id'] ?? query.lastEventId),
    stream: async (_request, sse, state) => streamChannel(state as ChannelState, sse, timing),
  });
}
