import { type DocumentSender, lazyDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import { batchWrite } from '@roadcall/utils/dynamo';
import { logger } from '@roadcall/utils/logger';
import { type RedisClient, scanAll } from '@roadcall/utils/redis';
import { FLUSH_LOCK_MS, FLUSH_MAX_POINTS, HISTORY_FLUSH_THRESHOLD, MAX_BACKGROUND_FLUSHES, SWEEP_SCAN_COUNT } from './constants';
import { trackingKeys } from './keys';
import type { HistoryItem, StoredPosition } from './types';

export interface FlushResult {
  readonly written: number;
  readonly failed: number;
}

/**
 * Moves buffered history points from Redis to the tracking-history table with BatchWriteItem
 * (`@roadcall/utils/dynamo`: batches of 25, unprocessed items retried with backoff).
 *
 * One flusher per incident at a time (a short lock); it reads the head of the buffer, writes it,
 * and only then trims what it wrote, so a flusher that dies mid-way (a frozen or recycled Lambda
 * container) loses nothing: the lock expires and the next flush writes the same points again,
 * which is harmless because each point's key (incidentId, ts) is fixed. Any failed item leaves the
 * whole slice in the buffer for the next attempt, for the same reason.
 *
 * @example
 * history.flushSoon(incidentId); // from a location update, off the response path
 * await history.flushAll();       // the minute schedule
 */
export class HistoryWriter {
  readonly #redis: RedisClient;
  readonly #client: DocumentSender;
  readonly #ttlDays: () => number;
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(redis: RedisClient, ttlDays: () => number, client: DocumentSender = lazyDocumentClient) {
    this.#redis = redis;
    this.#ttlDays = ttlDays;
    this.#client = client;
  }

  /**
   * Starts a flush without making the caller wait: a location update answers after its Redis
   * write, and the table write of its batch happens beside it. At most
   * {@link MAX_BACKGROUND_FLUSHES} run at once per container (more are skipped, the points wait
   * in Redis). Failures only log (the points stay buffered for the next flush or the schedule).
   */
  flushSoon(incidentId: string): void {
    if (this.#inFlight.size >= MAX_BACKGROUND_FLUSHES) return;
    const flush = this.flush(incidentId, FLUSH_MAX_POINTS)
      .catch((error: unknown) => logger.warn('History flush failed; points stay buffered', { incidentId, error: error as Error }))
      .finally(() => this.#inFlight.delete(flush));
    this.#inFlight.add(flush);
  }

  /** Resolves once every flush started by {@link flushSoon} has settled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** Writes up to `max` buffered points of one incident; 0 written when another flusher holds it. */
  async flush(incidentId: string, max = HISTORY_FLUSH_THRESHOLD): Promise<FlushResult> {
    const key = trackingKeys.buffer(incidentId);
    const lock = trackingKeys.flushLock(incidentId);
    const owner = `${process.pid}:${Math.random()}`;
    if ((await this.#redis.set(lock, owner, 'PX', FLUSH_LOCK_MS, 'NX')) !== 'OK') return { written: 0, failed: 0 };
    try {
      const entries = await this.#redis.lrange(key, 0, max - 1);
      if (entries.length === 0) return { written: 0, failed: 0 };
      const items = entries.map((entry) => toItem(incidentId, entry, this.#ttlDays()));
      const result = await batchWrite(
        this.#client,
        tableName('trackingHistory'),
        items.map((Item) => ({ PutRequest: { Item: Item as unknown as Record<string, unknown> } })),
      );
      if (result.failed.length === 0) await this.#redis.ltrim(key, entries.length, -1);
      else logger.warn('History points stay buffered after a failed batch', { incidentId, failed: result.failed.length });
      return { written: result.written, failed: result.failed.length };
    } finally {
      await this.#redis.eval(RELEASE_LUA, 1, lock, owner);
    }
  }

  /** Drains every buffer (the minute schedule: points below the threshold, finished incidents). */
  async flushAll(): Promise<FlushResult & { incidents: number }> {
    await this.idle();
    let written = 0;
    let failed = 0;
    let incidents = 0;
    // Every master of a cluster: each buffer lives in its incident's slot.
    for await (const keys of scanAll(this.#redis, trackingKeys.bufferPattern(), SWEEP_SCAN_COUNT)) {
      for (const key of keys) {
        const incidentId = trackingKeys.incidentOfBuffer(key);
        if (!incidentId) continue;
        incidents++;
        for (;;) {
          const result = await this.flush(incidentId, FLUSH_MAX_POINTS);
          written += result.written;
          failed += result.failed;
          if (result.written + result.failed === 0 || result.failed > 0) break;
        }
      }
    }
    return { written, failed, incidents };
  }
}

/** Deletes the lock only if this flusher still owns it (it may have expired and been retaken). */
const RELEASE_LUA = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

/** A buffer entry `<seq>|<json>` as a table item with a unique sort key and its TTL. */
export function toItem(incidentId: string, entry: string, ttlDays: number): HistoryItem {
  const bar = entry.indexOf('|');
  const seq = Number(entry.slice(0, bar));
  const position = JSON.parse(entry.slice(bar + 1)) as StoredPosition;
  const recordedMs = Date.parse(position.recordedAt);
  return {
    ...position,
    incidentId,
    ts: recordedMs * 1000 + (seq % 1000),
    expiresAt: Math.floor(Date.parse(position.receivedAt) / 1000) + ttlDays * 86_400,
  };
}
