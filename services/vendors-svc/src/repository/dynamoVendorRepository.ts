import { isConditionalCheckFailed } from '@roadcall/utils/aws';
import { BATCH_WRITE_SIZE } from '../constants';
import { VendorExistsError, VendorNotFoundError } from '../errors';
import { cellAttributes, fromItem, geoCellOf, geoCellSortOf } from '../geo';
import type { Vendor, VendorPatch } from '../types';
import type { VendorPage, VendorRepository, VendorTableClient } from './types';

/** Unprocessed batch items are retried this many times (with backoff) before giving up. */
const MAX_BATCH_RETRIES = 8;

type WriteRequests = NonNullable<Parameters<VendorTableClient['batchWrite']>[0]['RequestItems']>[string];

/**
 * The vendors table over any {@link VendorTableClient}: the DynamoDB document client, or DAX's
 * (reads then come from DAX's item cache; writes go through it to the table). Only the client's
 * own methods are called (`get`, `put`, `update`, `scan`, `batchWrite`), never `send`, which DAX
 * does not support. Inputs carry no `undefined` values: DAX marshals without
 * `removeUndefinedValues`, so an `undefined` would fail there and not in DynamoDB.
 *
 * @example
 * const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
 * const vendor = await repo.get('vendor-000000');
 */
export class DynamoVendorRepository implements VendorRepository {
  readonly #client: VendorTableClient;
  readonly #table: string;

  constructor(client: VendorTableClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  async get(vendorId: string): Promise<Vendor | undefined> {
    const out = await this.#client.get({ TableName: this.#table, Key: { vendorId } });
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async create(vendor: Vendor): Promise<void> {
    try {
      await this.#client.put({ TableName: this.#table, Item: toItem(vendor), ConditionExpression: 'attribute_not_exists(vendorId)' });
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new VendorExistsError(vendor.vendorId);
      throw error;
    }
  }

  async update(vendorId: string, patch: VendorPatch, now: string): Promise<{ before: Vendor; after: Vendor }> {
    // The byCell index attributes follow the fields they derive from, in the same write.
    const fields = {
      ...patch,
      ...(patch.location ? { geoCell: geoCellOf(patch.location) } : {}),
      ...(patch.available !== undefined ? { geoCellSort: geoCellSortOf(vendorId, patch.available) } : {}),
      updatedAt: now,
    } as Record<string, unknown>;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    for (const [field, value] of Object.entries(fields)) {
      if (value === undefined) continue;
      names[`#${field}`] = field;
      if (value === null) removes.push(`#${field}`);
      else {
        values[`:${field}`] = value;
        sets.push(`#${field} = :${field}`);
      }
    }
    try {
      const out = await this.#client.update({
        TableName: this.#table,
        Key: { vendorId },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(vendorId)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_OLD',
      });
      const before = fromItem(out.Attributes ?? {});
      const after = fromItem({ ...before, ...fields });
      return { before, after };
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new VendorNotFoundError(vendorId);
      throw error;
    }
  }

  async list(options: { limit: number; startKey?: string }): Promise<VendorPage> {
    const out = await this.#client.scan({
      TableName: this.#table,
      Limit: options.limit,
      ...(options.startKey ? { ExclusiveStartKey: { vendorId: options.startKey } } : {}),
    });
    return { items: (out.Items ?? []).map(fromItem), lastKey: out.LastEvaluatedKey?.vendorId as string | undefined };
  }

  async putMany(vendors: ReadonlyArray<Vendor>): Promise<void> {
    for (let start = 0; start < vendors.length; start += BATCH_WRITE_SIZE) {
      let requests: WriteRequests = vendors
        .slice(start, start + BATCH_WRITE_SIZE)
        .map((vendor) => ({ PutRequest: { Item: toItem(vendor) } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > MAX_BATCH_RETRIES) throw new Error(`BatchWrite left ${requests.length} vendors unprocessed`);
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1_000, 25 * 2 ** attempt)));
        const out = await this.#client.batchWrite({ RequestItems: { [this.#table]: requests } });
        requests = out.UnprocessedItems?.[this.#table] ?? [];
      }
    }
  }

  async *scanAll(pageSize = 500): AsyncIterable<ReadonlyArray<Vendor>> {
    let startKey: string | undefined;
    do {
      const page = await this.list({ limit: pageSize, startKey });
      if (page.items.length > 0) yield page.items;
      startKey = page.lastKey;
    } while (startKey);
  }
}

/** A vendor as stored: the profile plus the `byCell` index attributes. */
function toItem(vendor: Vendor): Record<string, unknown> {
  return { ...vendor, ...cellAttributes(vendor) };
}
