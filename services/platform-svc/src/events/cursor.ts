import { InvalidLastEventIdError } from './errors';

/** A Redis stream entry id: `<ms>-<seq>`. */
const STREAM_ID = /^\d{1,16}-\d{1,10}$/;
/** Separates the per-stream positions inside one SSE event id. */
const SEPARATOR = '_';
/** Longest Last-Event-ID accepted (two stream ids and a separator fit well within it). */
const MAX_LENGTH = 64;

/** Compares two stream ids numerically (ms, then sequence): negative when `a` is older. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = '0', aSeq = '0'] = a.split('-');
  const [bMs = '0', bSeq = '0'] = b.split('-');
  const ms = BigInt(aMs) - BigInt(bMs);
  if (ms !== 0n) return ms < 0n ? -1 : 1;
  const seq = BigInt(aSeq) - BigInt(bSeq);
  return seq === 0n ? 0 : seq < 0n ? -1 : 1;
}

/**
 * The SSE event id of a channel position: the position in each of the channel's streams (its
 * user stream, then for admins the admin stream), so a reconnect resumes every stream exactly
 * where the client left it.
 *
 * @example
 * formatEventId(['1700000000000-0', '1700000000500-2']); // '1700000000000-0_1700000000500-2'
 */
export function formatEventId(positions: ReadonlyArray<string>): string {
  return positions.join(SEPARATOR);
}

/**
 * Reads a `Last-Event-ID` back into one position per stream; `undefined` when none was given.
 * A malformed id, or one with a different number of streams than this caller's channel (the
 * caller's role changed), is a 400: the client should reconnect without it.
 *
 * @example
 * parseEventId('1700000000000-0', 1); // ['1700000000000-0']
 */
export function parseEventId(raw: string | undefined, streams: number): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const parts = raw.length <= MAX_LENGTH ? raw.split(SEPARATOR) : [];
  if (parts.length !== streams || !parts.every((part) => STREAM_ID.test(part))) {
    throw new InvalidLastEventIdError('Last-Event-ID is not an id this channel sent; reconnect without it', {
      details: [{ in: 'header', field: 'Last-Event-ID', message: `expected ${streams} stream position(s) like 1700000000000-0` }],
    });
  }
  return parts;
}
