import type { RedisClient } from '@roadcall/utils/redis';
import { HISTORY_BUFFER_TTL_SECONDS, LATEST_TTL_SECONDS } from './constants';
import { trackingKeys } from './keys';
import type { StoredPosition } from './types';

/**
 * One location update in one round trip, atomically, in tracking's own keys: number the point,
 * store it as the latest, and append it to the incident's history buffer. Returns the buffer
 * length. (Whether the vendor may report is the incidents service's answer, asked before.)
 */
const RECORD_LUA = `
local seq = redis.call('INCR', KEYS[1])
if seq == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
local length = redis.call('RPUSH', KEYS[3], seq .. '|' .. ARGV[1])
if length == 1 then redis.call('EXPIRE', KEYS[3], ARGV[3]) end
return length
`;
const COMMAND = 'roadcallTrackRecord';

type Runner = (seqKey: string, latestKey: string, bufferKey: string, json: string, latestTtl: number, bufferTtl: number) => Promise<number>;

export type RecordResult = { readonly kind: 'recorded'; readonly buffered: number };

/**
 * Latest positions and the history buffer in Redis.
 *
 * @example
 * const { buffered } = await positions.record(incidentId, position);
 */
export class PositionStore {
  readonly #redis: RedisClient;
  readonly #run: Runner;

  constructor(redis: RedisClient) {
    this.#redis = redis;
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: RECORD_LUA });
    this.#run = (redis as unknown as Record<string, Runner>)[COMMAND]?.bind(redis) as Runner;
  }

  async record(incidentId: string, position: StoredPosition): Promise<RecordResult> {
    const length = await this.#run(
      trackingKeys.seq(incidentId),
      trackingKeys.latest(incidentId),
      trackingKeys.buffer(incidentId),
      JSON.stringify(position),
      LATEST_TTL_SECONDS,
      HISTORY_BUFFER_TTL_SECONDS,
    );
    return { kind: 'recorded', buffered: Number(length) };
  }

  async latest(incidentId: string): Promise<StoredPosition | null> {
    const raw = await this.#redis.get(trackingKeys.latest(incidentId));
    return raw ? (JSON.parse(raw) as StoredPosition) : null;
  }
}
