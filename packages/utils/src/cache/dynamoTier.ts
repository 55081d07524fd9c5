import { TABLES } from '@roadcall/contracts';
// Loaded on the first L3 access: most namespaces have no DynamoDB tier, and their functions
// should not load the DynamoDB SDK at init for it.
import { documentSdk } from '../aws/sdk';
import type { CacheDynamoClient } from './types';

const PK = TABLES.cache.partitionKey.name;
const TTL = TABLES.cache.ttlAttribute;

interface StoredItem {
  readonly [PK]: string;
  readonly v?: string;
  /** Epoch ms the item was written (compared with the namespace's invalidation marker). */
  readonly w?: number;
  /** Epoch ms of the namespace's last bulk invalidation (marker items only). */
  readonly at?: number;
  readonly [TTL]?: number;
}

/**
 * L3: the contracts' DynamoDB `cache` table. Items carry the L2 wire format in `v` and the TTL
 * attribute (epoch seconds) that DynamoDB uses to delete them lazily: reads ignore expired items
 * themselves. Bulk invalidations (namespace, pattern, tag) cannot scan, so they write a namespace
 * marker; a read fetches the item and the marker in one BatchGet and ignores items written before
 * the marker. That over-invalidates (a tag invalidation drops the namespace's whole L3), which is
 * safe: L3 is the slow, durable tier, refilled on demand.
 */
export class DynamoTier {
  readonly #client: CacheDynamoClient;
  readonly #table: string;
  readonly #markerKey: string;
  readonly #clock: () => number;

  constructor(client: CacheDynamoClient, table: string, markerKey: string, clock: () => number) {
    this.#client = client;
    this.#table = table;
    this.#markerKey = markerKey;
    this.#clock = clock;
  }

  /** The stored value, `null` when absent/expired/invalidated, `undefined` when DynamoDB failed. */
  async get(key: string): Promise<string | null | undefined> {
    try {
      const output = (await this.#client.send(
        new (documentSdk().BatchGetCommand)({
          RequestItems: { [this.#table]: { Keys: [{ [PK]: key }, { [PK]: this.#markerKey }], ConsistentRead: true } },
        }),
      )) as { Responses?: Record<string, StoredItem[]> };
      const items = output.Responses?.[this.#table] ?? [];
      const item = items.find((candidate) => candidate[PK] === key);
      const marker = items.find((candidate) => candidate[PK] === this.#markerKey);
      if (!item?.v) return null;
      const expiresAt = item[TTL];
      if (typeof expiresAt === 'number' && expiresAt * 1000 <= this.#clock()) return null;
      if (marker?.at !== undefined && (item.w ?? 0) <= marker.at) return null;
      return item.v;
    } catch {
      return undefined;
    }
  }

  /** Writes the item; `physicalUntil` epoch ms (Infinity = no expiry). */
  async set(key: string, value: string, physicalUntil: number): Promise<boolean> {
    try {
      const item: Record<string, unknown> = { [PK]: key, v: value, w: this.#clock() };
      if (Number.isFinite(physicalUntil)) item[TTL] = Math.ceil(physicalUntil / 1000);
      await this.#client.send(new (documentSdk().PutCommand)({ TableName: this.#table, Item: item }));
      return true;
    } catch {
      return false;
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      await this.#client.send(new (documentSdk().DeleteCommand)({ TableName: this.#table, Key: { [PK]: key } }));
      return true;
    } catch {
      return false;
    }
  }

  /** Every item of the namespace written until now is ignored from now on. */
  async invalidateAll(): Promise<boolean> {
    try {
      await this.#client.send(
        new (documentSdk().PutCommand)({ TableName: this.#table, Item: { [PK]: this.#markerKey, at: this.#clock() } }),
      );
      return true;
    } catch {
      return false;
    }
  }
}
