import type { RedisClient } from '@roadcall/utils/redis';
import { HISTORY_BUFFER_TTL_SECONDS, LATEST_TTL_SECONDS } from './constants';
import { trackingKeys } from './keys';
import type { StoredPosition } from './types';

/**
 * One location update in one round trip, atomically: check that the caller is the vendor in the
 * incident's assignment mirror, number the point, store it as the latest, and append it to the
 * incident's history buffer. Returns {1, bufferLength} / {0} (no mirror) / {-1} (another vendor).
 */
const RECORD_LUA = `
local vendor = redis.call('HGET', KEYS[1], 'vendorId')
if not vendor then return { 0 } end
if vendor ~= ARGV[1] then return { -1 } end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('SET', KEYS[2], ARGV[2], 'EX', ARGV[3])
local length = redis.call('RPUSH', KEYS[3], seq .. '|' .. ARGV[2])
if length == 1 then redis.call('EXPIRE', KEYS[3], ARGV[4]) end
return { 1, length }
`;
const COMMAND = 'roadcallTrackRecord';

type Runner = (
  assignKey: string,
  latestKey: string,
  bufferKey: string,
  vendorId: string,
  json: string,
  latestTtl: number,
  bufferTtl: number,
) => Promise<number[]>;

export type RecordResult =
  | { readonly kind: 'recorded'; readonly buffered: number }
  | { readonly kind: 'no-assignment' }
  | { readonly kind: 'other-vendor' };

/**
 * Latest positions and the history buffer in Redis.
 *
 * @example
 * const result = await positions.record(assignmentKey, incidentId, position);
 */
export class PositionStore {
  readonly #redis: RedisClient;
  readonly #run: Runner;

  constructor(redis: RedisClient) {
    this.#redis = redis;
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: RECORD_LUA });
    this.#run = (redis as unknown as Record<string, Runner>)[COMMAND]?.bind(redis) as Runner;
  }

  async record(assignmentKey: string, incidentId: string, position: StoredPosition): Promise<RecordResult> {
    const [code, length] = await this.#run(
      assignmentKey,
      trackingKeys.latest(incidentId),
      trackingKeys.buffer(incidentId),
      position.vendorId,
      JSON.stringify(position),
      LATEST_TTL_SECONDS,
      HISTORY_BUFFER_TTL_SECONDS,
    );
    if (code === 0) return { kind: 'no-assignment' };
    if (code === -1) return { kind: 'other-vendor' };
    return { kind: 'recorded', buffered: length as number };
  }

  async latest(incidentId: string): Promise<StoredPosition | null> {
    const raw = await this.#redis.get(trackingKeys.latest(incidentId));
    return raw ? (JSON.parse(raw) as StoredPosition) : null;
  }
}
