import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import { batchWrite } from '@roadcall/utils/dynamo';
import { logger } from '@roadcall/utils/logger';
import type { Redis } from 'ioredis';
import { HISTORY_FLUSH_THRESHOLD, SWEEP_SCAN_COUNT } from './constants';
import { trackingKeys } from './keys';
import type { HistoryItem, StoredPosition } from './types';

export interface FlushResult {
  readonly written: number;
  readonly failed: number;
}

/**
 * Moves buffered history points from Redis to the tracking-history table with BatchWriteItem
 * (`@roadcall/utils/dynamo`: batches of 25, unprocessed items retried with backoff). `LPOP n` is
 * atomic, so concurrent flushers take disjoint points; points that still fail go back to the
 * buffer for the next flush.
 *
 * @example
 * await history.flush(incidentId); // up to 25 points
 */
export class HistoryWriter {
  readonly #redis: Redis;
  readonly #client: Pick<DynamoDBDocumentClient, 'send'>;
  readonly #ttlDays: () => number;

  constructor(redis: Redis, ttlDays: () => number, client: Pick<DynamoDBDocumentClient, 'send'> = dynamoDocumentClient()) {
    this.#redis = redis;
    this.#ttlDays = ttlDays;
    this.#client = client;
  }

  /** Writes up to `max` buffered points of one incident. */
  async flush(incidentId: string, max = HISTORY_FLUSH_THRESHOLD): Promise<FlushResult> {
    const key = trackingKeys.buffer(incidentId);
    const entries = (await this.#redis.lpop(key, max)) ?? [];
    if (entries.length === 0) return { written: 0, failed: 0 };
    const items = entries.map((entry) => toItem(incidentId, entry, this.#ttlDays()));
    const result = await batchWrite(
      this.#client,
      tableName('trackingHistory'),
      items.map((Item) => ({ PutRequest: { Item: Item as unknown as Record<string, unknown> } })),
    );
    if (result.failed.length > 0) {
      // Unprocessed items come back as new objects: find their buffer entries by sort key.
      const byTs = new Map(items.map((item, index) => [item.ts, entries[index] as string]));
      const back = result.failed
        .map((failure) => byTs.get(Number((failure.item as { PutRequest?: { Item: Record<string, unknown> } }).PutRequest?.Item.ts)))
        .filter((entry): entry is string => entry !== undefined);
      if (back.length > 0) await this.#redis.rpush(key, ...back);
      logger.warn('History points went back to the buffer', { incidentId, failed: back.length });
    }
    return { written: result.written, failed: result.failed.length };
  }

  /** Drains every buffer (the minute schedule: points below the threshold, finished incidents). */
  async flushAll(): Promise<FlushResult & { incidents: number }> {
    let cursor = '0';
    let written = 0;
    let failed = 0;
    let incidents = 0;
    do {
      const [next, keys] = await this.#redis.scan(cursor, 'MATCH', trackingKeys.bufferPattern(), 'COUNT', SWEEP_SCAN_COUNT);
      cursor = next;
      for (const key of keys) {
        const incidentId = trackingKeys.incidentOfBuffer(key);
        if (!incidentId) continue;
        incidents++;
        for (;;) {
          const result = await this.flush(incidentId, HISTORY_FLUSH_THRESHOLD * 4);
          written += result.written;
          failed += result.failed;
          if (result.written + result.failed === 0 || result.failed > 0) break;
        }
      }
    } while (cursor !== '0');
    return { written, failed, incidents };
  }
}

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
