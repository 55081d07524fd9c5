import { createHash } from 'node:crypto';
import { isCluster, mgetAny, type RedisClient, scanAll, unlinkAny } from '../redis';
import { CircuitBreaker } from './breaker';
import { DELETE_BATCH, SCAN_COUNT } from './constants';

/**
 * SET the entry and add it to its tag sets, keeping each tag set alive as long as its longest
 * entry. With a lock token (ARGV[3]), the last key is the entry's stampede lock, released in the
 * same round trip if this process still holds it.
 */
const SET_WITH_TAGS = `
local px = tonumber(ARGV[2])
if px > 0 then redis.call('SET', KEYS[1], ARGV[1], 'PX', px) else redis.call('SET', KEYS[1], ARGV[1]) end
local last = #KEYS
if ARGV[3] ~= '' then
  if redis.call('GET', KEYS[last]) == ARGV[3] then redis.call('DEL', KEYS[last]) end
  last = last - 1
end
for i = 2, last do
  local ttl = redis.call('PTTL', KEYS[i])
  redis.call('SADD', KEYS[i], KEYS[1])
  if px == 0 then
    if ttl >= 0 then redis.call('PERSIST', KEYS[i]) end
  elseif ttl == -2 or (ttl >= 0 and ttl < px) then
    redis.call('PEXPIRE', KEYS[i], px)
  end
end
return 1`;

/**
 * Cluster form of {@link SET_WITH_TAGS}, one tag set per call (an entry and its tag sets live in
 * different slots there): add the entry's key to the set and stretch the set's TTL to cover it.
 */
const TAG_ENTRY = `
local px = tonumber(ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
redis.call('SADD', KEYS[1], ARGV[1])
if px == 0 then
  if ttl >= 0 then redis.call('PERSIST', KEYS[1]) end
elseif ttl == -2 or (ttl >= 0 and ttl < px) then
  redis.call('PEXPIRE', KEYS[1], px)
end
return 1`;

/** Deletes the lock only if this process still holds it (its token). */
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * The read of a cache miss and its stampede lock in one round trip: the entry (KEYS[1]) as
 * stored, and, only when it is absent or no longer fresh at ARGV[1] (epoch ms; the wire format's
 * `<freshUntil>:` head, 0 = no expiry), an attempt to take the lock (KEYS[2], token ARGV[2], PX
 * ARGV[3]). Returns [entry or '', 1 when the lock was taken].
 */
const GET_OR_LOCK = `
local v = redis.call('GET', KEYS[1])
if v then
  local fresh = tonumber(string.match(v, '^(%d+):'))
  if fresh ~= nil and (fresh == 0 or fresh > tonumber(ARGV[1])) then return {v, 0} end
end
if redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3], 'NX') then return {v or '', 1} end
return {v or '', 0}`;

/** A Lua script sent by SHA (EVALSHA), its text only when Redis does not know it yet. */
class LuaScript {
  readonly #sha: string;
  constructor(readonly source: string) {
    this.#sha = createHash('sha1').update(source).digest('hex');
  }

  async run(client: RedisClient, keys: ReadonlyArray<string>, args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await client.evalsha(this.#sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

const SET_WITH_TAGS_SCRIPT = new LuaScript(SET_WITH_TAGS);
const GET_OR_LOCK_SCRIPT = new LuaScript(GET_OR_LOCK);
const RELEASE_LOCK_SCRIPT = new LuaScript(RELEASE_LOCK);

/** A stampede lock this process holds: released by the write that stores the entry. */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
}

const DOWN_STATUSES = new Set(['reconnecting', 'close', 'end']);

/**
 * L2: one ioredis client behind a circuit breaker. Every method resolves (never rejects): a failed
 * or timed-out command counts against the breaker and answers `undefined` / `false`, so the cache
 * falls through to the next tier or the source and skips writes.
 */
export class RedisTier {
  readonly client: RedisClient;
  readonly breaker: CircuitBreaker;
  /** An ioredis Cluster: multi-key commands are split per slot (see `../redis/commands`). */
  readonly #cluster: boolean;

  constructor(client: RedisClient, breakerResetMs?: number) {
    this.client = client;
    this.#cluster = isCluster(client);
    this.breaker = new CircuitBreaker({ probe: () => client.ping(), resetMs: breakerResetMs });
  }

  /** True when a command may be sent now (breaker closed, connection not known to be down). */
  available(): boolean {
    if (!this.breaker.closed) return false;
    if (DOWN_STATUSES.has(this.client.status)) {
      this.breaker.trip();
      return false;
    }
    return true;
  }

  #failed(): undefined {
    this.breaker.failure();
    return undefined;
  }

  /** The raw value, `null` when absent, `undefined` when Redis failed. */
  get(key: string): Promise<string | null | undefined> {
    // No async wrapper: this is the L2 hit path, one promise hop fewer matters here.
    return this.client.get(key).then(this.#ok, this.#fail);
  }

  readonly #ok = <T>(value: T): T => {
    this.breaker.success();
    return value;
  };

  readonly #fail = (): undefined => this.#failed();

  /** The raw values (`null` when absent), `undefined` when Redis failed; no async wrapper (read path). */
  mget(keys: string[]): Promise<Array<string | null> | undefined> {
    const reply = this.#cluster ? mgetAny(this.client, keys) : this.client.mget(keys);
    return reply.then(this.#ok, this.#fail);
  }

  /**
   * SET with PX (0 = no expiry), with tag sets when given; with `lock`, the lock is released in
   * the same round trip (if still held). One round trip in every case.
   */
  async set(key: string, value: string, px: number, tagKeys?: ReadonlyArray<string>, lock?: HeldLock): Promise<boolean> {
    try {
      if (this.#cluster) {
        // Cluster: entry, tag sets and lock live in different slots; the lock goes after the write.
        if (tagKeys && tagKeys.length > 0) await this.#setWithTagsSplit(key, value, px, tagKeys);
        else if (px > 0) await this.client.set(key, value, 'PX', px);
        else await this.client.set(key, value);
        if (lock) await RELEASE_LOCK_SCRIPT.run(this.client, [lock.key], [lock.token]);
      } else if ((tagKeys && tagKeys.length > 0) || lock) {
        const keys = lock ? [key, ...(tagKeys ?? []), lock.key] : [key, ...(tagKeys ?? [])];
        await SET_WITH_TAGS_SCRIPT.run(this.client, keys, [value, px, lock?.token ?? '']);
      } else if (px > 0) await this.client.set(key, value, 'PX', px);
      else await this.client.set(key, value);
      this.breaker.success();
      return true;
    } catch {
      this.#failed();
      return false;
    }
  }

  /**
   * Cluster: the tag sets and the entry live in different slots, so one script cannot do both.
   * All are sent at once (no await between them: a read sent after this write still sees it, as
   * on one connection); if a tag set failed, the entry is dropped again, so an entry never
   * outlives a failed tag write (a tag invalidation must find every entry).
   */
  async #setWithTagsSplit(key: string, value: string, px: number, tagKeys: ReadonlyArray<string>): Promise<void> {
    const tags = Promise.allSettled(tagKeys.map((tagKey) => this.client.eval(TAG_ENTRY, 1, tagKey, key, px)));
    const entry = px > 0 ? this.client.set(key, value, 'PX', px) : this.client.set(key, value);
    const [tagResults] = await Promise.all([tags, entry]);
    const failed = tagResults.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failed) {
      await this.client.unlink(key).catch(() => undefined);
      throw failed.reason;
    }
  }

  /** Many SETs in one round trip (pipeline; on a cluster, one auto-pipeline per node). */
  async mset(entries: ReadonlyArray<readonly [key: string, value: string, px: number]>): Promise<boolean> {
    try {
      if (this.#cluster) {
        await Promise.all(
          entries.map(([key, value, px]) => (px > 0 ? this.client.set(key, value, 'PX', px) : this.client.set(key, value))),
        );
        this.breaker.success();
        return true;
      }
      const pipeline = this.client.pipeline();
      for (const [key, value, px] of entries) {
        if (px > 0) pipeline.set(key, value, 'PX', px);
        else pipeline.set(key, value);
      }
      const results = await pipeline.exec();
      if (results?.some(([error]) => error)) throw new Error('pipeline failed');
      this.breaker.success();
      return true;
    } catch {
      this.#failed();
      return false;
    }
  }

  async del(keys: ReadonlyArray<string>): Promise<number | undefined> {
    if (keys.length === 0) return 0;
    try {
      let removed = 0;
      for (let start = 0; start < keys.length; start += DELETE_BATCH)
        removed += await unlinkAny(this.client, keys.slice(start, start + DELETE_BATCH));
      this.breaker.success();
      return removed;
    } catch {
      return this.#failed();
    }
  }

  /** Deletes every key matching `pattern`, found with SCAN (never KEYS), on every master of a cluster. */
  async deleteMatching(pattern: string): Promise<number | undefined> {
    try {
      let removed = 0;
      for await (const keys of scanAll(this.client, pattern, SCAN_COUNT)) removed += await unlinkAny(this.client, keys);
      this.breaker.success();
      return removed;
    } catch {
      return this.#failed();
    }
  }

  /**
   * An entry's raw value, its Redis TTL (ms, -1 none) and the tags (of the sets matching
   * `tagPattern`) that list it: an admin read, it SCANs the namespace's tag sets.
   */
  async inspect(key: string, tagPattern: string): Promise<{ raw: string | null; pttl: number; tagKeys: string[] } | undefined> {
    try {
      const [[getError, raw], [ttlError, pttl]] = (await this.client.multi().get(key).pttl(key).exec()) as [
        [Error | null, string | null],
        [Error | null, number],
      ];
      if (getError || ttlError) throw getError ?? ttlError;
      const tagKeys: string[] = [];
      // scanAll, not the client's SCAN: on a Cluster that walks one node only, and the tag sets
      // live in other slots than the entry (on every master).
      if (raw !== null) {
        for await (const keys of scanAll(this.client, tagPattern, SCAN_COUNT))
          for (const tagKey of keys) if (await this.client.sismember(tagKey, key)) tagKeys.push(tagKey);
      }
      this.breaker.success();
      return { raw, pttl, tagKeys };
    } catch {
      return this.#failed();
    }
  }

  /** The members of a tag set and the set itself, deleted; returns the entry keys it held. */
  async popTag(tagKey: string): Promise<string[] | undefined> {
    try {
      const [[membersError, members], [deleteError]] = (await this.client.multi().smembers(tagKey).unlink(tagKey).exec()) as [
        [Error | null, string[]],
        [Error | null, number],
      ];
      if (membersError || deleteError) throw membersError ?? deleteError;
      if (members.length > 0) await unlinkAny(this.client, members);
      this.breaker.success();
      return members;
    } catch {
      return this.#failed();
    }
  }

  /** The value and whether the lock is still held, in one round trip (stampede waiters poll this). */
  async getWithLock(key: string, lockKey: string): Promise<[value: string | null, locked: boolean] | undefined> {
    try {
      // Cluster: the entry and its lock may live on two nodes, so two concurrent commands (ioredis
      // auto-pipelines them per node: still one round trip).
      if (this.#cluster) {
        const [value, exists] = await Promise.all([this.client.get(key), this.client.exists(lockKey)]);
        this.breaker.success();
        return [value, exists === 1];
      }
      const results = await this.client.pipeline().get(key).exists(lockKey).exec();
      const [[getError, value], [existsError, exists]] = results as [[Error | null, string | null], [Error | null, number]];
      if (getError || existsError) throw getError ?? existsError;
      this.breaker.success();
      return [value, exists === 1];
    } catch {
      return this.#failed();
    }
  }

  /**
   * The entry and, when it is absent or not fresh at `now`, the lock, in one round trip:
   * `[raw or null, true when this process now holds the lock]`, `undefined` when Redis failed.
   * Not on a Cluster, where the entry and its lock may live on different nodes (see
   * {@link RedisTier.combinedLock}).
   */
  async getOrLock(key: string, lockKey: string, now: number, token: string, ttlMs: number): Promise<[string | null, boolean] | undefined> {
    try {
      const [raw, locked] = (await GET_OR_LOCK_SCRIPT.run(this.client, [key, lockKey], [now, token, ttlMs])) as [string, number];
      this.breaker.success();
      return [raw === '' ? null : raw, locked === 1];
    } catch {
      return this.#failed();
    }
  }

  /** Whether {@link getOrLock} may be used (one node holds every key: not a Cluster). */
  get combinedLock(): boolean {
    return !this.#cluster;
  }

  /** SET NX PX: true when this process now holds the lock. */
  async lock(key: string, token: string, ttlMs: number): Promise<boolean | undefined> {
    try {
      const result = await this.client.set(key, token, 'PX', ttlMs, 'NX');
      this.breaker.success();
      return result === 'OK';
    } catch {
      return this.#failed();
    }
  }

  async unlock(key: string, token: string): Promise<void> {
    try {
      await RELEASE_LOCK_SCRIPT.run(this.client, [key], [token]);
    } catch {
      this.#failed();
    }
  }

  async publish(channel: string, message: string): Promise<void> {
    try {
      await this.client.publish(channel, message);
    } catch {
      this.#failed();
    }
  }

  dispose(): void {
    this.breaker.dispose();
  }
}
