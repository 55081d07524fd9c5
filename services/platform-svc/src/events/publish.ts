import { LIVE_EVENTS, type LiveEventAudience, type LiveEventType } from '@roadcall/contracts';
import { redisClient } from '@roadcall/utils/redis';
import { audienceKey, audienceMaxLength } from './keys';

/** The Redis commands publishing needs: one XADD (capped) and the stream's expiry, in one round trip. */
export interface EventsWriter {
  multi(): {
    xadd(key: string, ...args: Array<string | number>): unknown;
    expire(key: string, seconds: number): unknown;
    exec(): Promise<Array<[Error | null, unknown]> | null>;
  };
}

/** One message on the channel. */
export interface LiveEvent<T = Record<string, unknown>> {
  readonly audience: LiveEventAudience;
  readonly type: LiveEventType;
  readonly data: T;
}

/**
 * Appends a message to its audience's capped stream (XADD MAXLEN ~, so the trim is cheap) and
 * renews the stream's expiry; returns the entry id. Connected channels read it within one poll;
 * a channel that reconnects with an older `Last-Event-ID` replays it.
 *
 * @example
 * await publishLiveEvent({ audience: { user: job.userId }, type: 'job_progress', data: { jobId, progress: 40 } });
 */
export async function publishLiveEvent(event: LiveEvent, writer: EventsWriter = redisClient() as unknown as EventsWriter): Promise<string> {
  const key = audienceKey(event.audience);
  const tx = writer.multi();
  tx.xadd(key, 'MAXLEN', '~', audienceMaxLength(event.audience), '*', 'type', event.type, 'data', JSON.stringify(event.data));
  tx.expire(key, LIVE_EVENTS.streamTtlSeconds);
  const results = await tx.exec();
  const [error, id] = results?.[0] ?? [new Error('The publish transaction was discarded'), undefined];
  if (error) throw error;
  return String(id);
}
