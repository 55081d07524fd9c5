import { RateLimitedError } from '@roadcall/utils';
import type { RedisClient } from '@roadcall/utils/redis';

/** INCR the window's counter, starting its TTL on the first hit; returns [count, ttl seconds]. */
const FIXED_WINDOW_LUA = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) ttl = tonumber(ARGV[1]) end
return { count, ttl }
`;
const COMMAND = 'roadcallFixedWindow';

type Runner = (key: string, windowSeconds: number) => Promise<[number, number]>;

/**
 * A fixed-window rate limiter in Redis: one script call per request (INCR, and EXPIRE on the
 * window's first hit), so the counter and its expiry can never be split by a crash between them.
 *
 * @example
 * await limiter.consume(`rl:${vendorId}`, 120, 60); // throws RateLimitedError (429, Retry-After)
 */
export class FixedWindowLimiter {
  readonly #run: Runner;

  constructor(redis: RedisClient) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: FIXED_WINDOW_LUA });
    this.#run = (redis as unknown as Record<string, Runner>)[COMMAND]?.bind(redis) as Runner;
  }

  /** Counts one hit; throws {@link RateLimitedError} with the seconds until the window resets. */
  async consume(key: string, limit: number, windowSeconds: number): Promise<{ count: number; resetSeconds: number }> {
    const [count, ttl] = await this.#run(key, windowSeconds);
    const resetSeconds = Math.max(1, ttl);
    if (count > limit)
      throw new RateLimitedError(`At most ${limit} location updates per ${windowSeconds} s`, resetSeconds, {
        details: { limit, windowSeconds },
      });
    return { count, resetSeconds };
  }
}
