import { LIVE_EVENTS, type LiveEventAudience, SSE_KEEP_ALIVE_SECONDS } from '@roadcall/contracts';
import { type AuthContext, hasRole } from '@roadcall/utils/auth';
import { type SseStream, type SseTiming, ssePacer } from '@roadcall/utils/http';
import { redisClient } from '@roadcall/utils/redis';
import { compareStreamIds, formatEventId, parseEventId } from './cursor';
import { audienceKey } from './keys';

/** The Redis reads a channel makes: one key per command (Redis Cluster safe). */
export interface EventsReader {
  xrange(key: string, start: string, end: string, count: 'COUNT', n: number): Promise<Array<[string, string[]]>>;
  xrevrange(key: string, end: string, start: string, count: 'COUNT', n: number): Promise<Array<[string, string[]]>>;
  xinfo(subcommand: 'STREAM', key: string): Promise<unknown>;
}

/** Polling cadence, keep-alive and lifetime of a channel (injectable so tests need not wait). */
export type ChannelTiming = SseTiming;

export const CHANNEL_TIMING: ChannelTiming = {
  pollMs: LIVE_EVENTS.pollMs,
  keepAliveMs: SSE_KEEP_ALIVE_SECONDS * 1000,
  maxDurationMs: LIVE_EVENTS.maxDurationSeconds * 1000,
};

/** Tells EventSource how long to wait before it reconnects (after the lifetime close or a drop). */
const RETRY_MS = 3_000;
/** Entries read per stream per poll; a backlog drains over a few polls. */
const READ_BATCH = 100;
/** The position before the first entry of a stream. */
const START = '0-0';

/** One stream a channel reads, and how far it has read it. */
interface ChannelStream {
  readonly audience: LiveEventAudience;
  readonly key: string;
  position: string;
}

/** A channel ready to stream: its streams' start positions, and whether a resume lost anything. */
export interface ChannelState {
  readonly streams: ChannelStream[];
  /** Audiences whose messages after the client's Last-Event-ID were trimmed or expired. */
  readonly lost: ReadonlyArray<string>;
}

const defaultReader = (): EventsReader => redisClient() as unknown as EventsReader;

/** The audiences a caller's channel reads: their own stream, and the admins' stream for an admin. */
export function audiencesOf(auth: AuthContext): LiveEventAudience[] {
  return hasRole(auth, 'admin') ? [{ user: auth.userId }, 'admins'] : [{ user: auth.userId }];
}

const audienceName = (audience: LiveEventAudience): string => (audience === 'admins' ? 'admins' : 'user');

/** The newest entry id of a stream, or the start when it is empty or gone. */
async function newestId(reader: EventsReader, key: string): Promise<string> {
  const [newest] = await reader.xrevrange(key, '+', '-', 'COUNT', 1);
  return newest?.[0] ?? START;
}

/**
 * True when entries after `position` can no longer be read: the stream was capped past it (its
 * oldest kept entry is newer than the position while entries were trimmed), an entry was deleted
 * after it (`max-deleted-entry-id`), or the stream expired while the client had read from it.
 * When the position was exactly the last entry trimmed, this says true with nothing lost: a
 * harmless extra `resync`, never a silent loss.
 */
async function lostAfter(reader: EventsReader, key: string, position: string): Promise<boolean> {
  if (position === START) return false;
  let info: unknown;
  try {
    info = await reader.xinfo('STREAM', key);
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return true;
    throw error;
  }
  const fields = Array.isArray(info) ? info : [];
  const field = (name: string): unknown => {
    const index = fields.indexOf(name);
    return index >= 0 ? fields[index + 1] : undefined;
  };
  const maxDeleted = String(field('max-deleted-entry-id') ?? START);
  if (compareStreamIds(maxDeleted, position) > 0) return true;
  const trimmed = Number(field('entries-added') ?? 0) > Number(field('length') ?? 0);
  const firstKept = field('recorded-first-entry-id');
  return trimmed && typeof firstKept === 'string' && compareStreamIds(firstKept, position) > 0;
}

/**
 * Runs before the stream opens (so a bad id is a 400, Redis down a 503): the caller's streams and
 * where to start in each: after `lastEventId` when given, else after the newest entry now.
 *
 * @example
 * const state = await openChannel(auth, headers['last-event-id']);
 */
export async function openChannel(
  auth: AuthContext,
  lastEventId: string | undefined,
  reader: EventsReader = defaultReader(),
): Promise<ChannelState> {
  const audiences = audiencesOf(auth);
  const resumeFrom = parseEventId(lastEventId, audiences.length);
  const streams = await Promise.all(
    audiences.map(async (audience, index): Promise<ChannelStream> => {
      const key = audienceKey(audience);
      return { audience, key, position: resumeFrom?.[index] ?? (await newestId(reader, key)) };
    }),
  );
  const lost = resumeFrom
    ? (await Promise.all(streams.map(async (stream) => ((await lostAfter(reader, stream.key, stream.position)) ? stream : undefined))))
        .filter((stream): stream is ChannelStream => stream !== undefined)
        .map((stream) => audienceName(stream.audience))
    : [];
  return { streams, lost };
}

function parseData(fields: ReadonlyArray<string>): { type?: string; data?: unknown } {
  const at = (name: string): string | undefined => {
    const index = fields.indexOf(name);
    return index >= 0 && index % 2 === 0 ? fields[index + 1] : undefined;
  };
  const raw = at('data');
  try {
    return { type: at('type'), data: raw === undefined ? undefined : (JSON.parse(raw) as unknown) };
  } catch {
    return { type: at('type') };
  }
}

/**
 * Streams a channel: every entry of its streams after their positions, oldest first, each with
 * an `id:` that holds every stream's position (the `Last-Event-ID` a reconnect sends back). A
 * `resync` event first when a resume lost messages; a `: keep-alive` comment after `keepAliveMs`
 * of quiet; closed after `maxDurationMs` (EventSource reconnects by itself, `retry:` says when).
 */
export async function streamChannel(
  state: ChannelState,
  sse: SseStream,
  timing: ChannelTiming = CHANNEL_TIMING,
  reader: EventsReader = defaultReader(),
): Promise<void> {
  const streams = state.streams;
  const eventId = (): string => formatEventId(streams.map((stream) => stream.position));
  sse.retry(RETRY_MS);
  sse.comment('connected');
  if (state.lost.length > 0) {
    sse.send(
      'resync',
      { reason: 'Messages after your Last-Event-ID were trimmed or expired: reload what you show', audiences: state.lost },
      eventId(),
    );
  }
  const pace = ssePacer(sse, timing, 'reconnect with Last-Event-ID to continue');
  while (!sse.closed) {
    const batches = await Promise.all(
      streams.map(async (stream, index) =>
        (await reader.xrange(stream.key, `(${stream.position}`, '+', 'COUNT', READ_BATCH)).map(([id, fields]) => ({ index, id, fields })),
      ),
    );
    const entries = batches.flat().sort((a, b) => compareStreamIds(a.id, b.id));
    for (const entry of entries) {
      (streams[entry.index] as ChannelStream).position = entry.id;
      const { type, data } = parseData(entry.fields);
      if (!type) continue;
      sse.send(type, data ?? {}, eventId());
      pace.sent();
    }
    if (!pace.goOn()) return;
    // A full batch means a backlog: read on without waiting.
    if (batches.some((batch) => batch.length === READ_BATCH)) continue;
    await pace.wait();
  }
}
