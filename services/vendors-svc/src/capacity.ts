import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '@roadcall/utils/aws';
import { DEFAULT_VENDOR_CAPACITY, MAX_CAPACITY_READ_IDS } from './constants';
import { VendorAtCapacityError, VendorNotFoundError, VendorUnavailableError } from './errors';

/** The client calls the capacity store makes: consistent reads and conditional updates, straight to DynamoDB (never DAX). */
export type CapacityTableClient = Pick<DynamoDBDocumentClient, 'send'>;

/** What a vendor holds: the incidents it is on, and how many it may be on. */
export interface VendorLoad {
  readonly vendorId: string;
  readonly holders: ReadonlyArray<string>;
  readonly capacity: number;
}

/** Item attributes of the capacity state (storage, never part of a profile). */
export const CAPACITY_ATTRIBUTES = { holders: 'activeIncidents', capacity: 'capacity' } as const;

const loadOf = (vendorId: string, item: Record<string, unknown> | undefined): VendorLoad => {
  const held = item?.[CAPACITY_ATTRIBUTES.holders];
  const capacity = Number(item?.[CAPACITY_ATTRIBUTES.capacity] ?? DEFAULT_VENDOR_CAPACITY);
  return { vendorId, holders: held instanceof Set ? [...held].map(String).sort() : [], capacity };
};

/**
 * Vendor capacity as a conditional counter on the vendor's own item: `activeIncidents`, a string
 * set of the incidents it holds. A claim adds the incident only if the vendor exists, is available
 * and holds fewer than its `capacity` (default {@link DEFAULT_VENDOR_CAPACITY}) or already holds
 * this one (a retry): one conditional UpdateItem, so of any number of concurrent claims exactly
 * `capacity` win. A release removes it (idempotent). The vendors table is the truth here too: losing
 * Redis loses no claim.
 *
 * @example
 * const capacity = new VendorCapacityStore(dynamoDocumentClient(), tableName('vendors'));
 * await capacity.claim('vendor-000001', incidentId); // or VendorAtCapacityError (409)
 */
export class VendorCapacityStore {
  readonly #client: CapacityTableClient;
  readonly #table: string;

  constructor(client: CapacityTableClient, table: string) {
    this.#client = client;
    this.#table = table;
  }

  /** Claims one unit of the vendor's capacity for the incident; 404 / 409 (unavailable, at capacity). */
  async claim(vendorId: string, incidentId: string): Promise<VendorLoad> {
    try {
      const out = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { vendorId },
          UpdateExpression: 'ADD #held :incident',
          ConditionExpression:
            'attribute_exists(vendorId) AND #available = :true AND (attribute_not_exists(#held) OR contains(#held, :id) OR ' +
            '(attribute_not_exists(#capacity) AND size(#held) < :default) OR size(#held) < #capacity)',
          ExpressionAttributeNames: {
            '#held': CAPACITY_ATTRIBUTES.holders,
            '#capacity': CAPACITY_ATTRIBUTES.capacity,
            '#available': 'available',
          },
          ExpressionAttributeValues: {
            ':incident': new Set([incidentId]),
            ':id': incidentId,
            ':true': true,
            ':default': DEFAULT_VENDOR_CAPACITY,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return loadOf(vendorId, out.Attributes);
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
      const current = await this.#client.send(new GetCommand({ TableName: this.#table, Key: { vendorId }, ConsistentRead: true }));
      if (!current.Item) throw new VendorNotFoundError(vendorId);
      if (current.Item.available !== true) throw new VendorUnavailableError(vendorId);
      throw new VendorAtCapacityError(vendorId, loadOf(vendorId, current.Item).holders);
    }
  }

  /** Releases the incident's unit (nothing happens if it held none, or the vendor is gone). */
  async release(vendorId: string, incidentId: string): Promise<void> {
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { vendorId },
          UpdateExpression: 'DELETE #held :incident',
          ConditionExpression: 'attribute_exists(vendorId)',
          ExpressionAttributeNames: { '#held': CAPACITY_ATTRIBUTES.holders },
          ExpressionAttributeValues: { ':incident': new Set([incidentId]) },
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** The loads of up to 100 vendors, read consistently (unknown vendors are left out). */
  async loads(vendorIds: ReadonlyArray<string>): Promise<VendorLoad[]> {
    const ids = [...new Set(vendorIds)].slice(0, MAX_CAPACITY_READ_IDS);
    if (ids.length === 0) return [];
    const out: VendorLoad[] = [];
    let keys: Record<string, unknown>[] | undefined = ids.map((vendorId) => ({ vendorId }));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      const page: BatchGetCommandOutput = await this.#client.send(
        new BatchGetCommand({
          RequestItems: {
            [this.#table]: {
              Keys: keys,
              ConsistentRead: true,
              ProjectionExpression: 'vendorId, #held, #capacity',
              ExpressionAttributeNames: { '#held': CAPACITY_ATTRIBUTES.holders, '#capacity': CAPACITY_ATTRIBUTES.capacity },
            },
          },
        }),
      );
      for (const item of page.Responses?.[this.#table] ?? []) out.push(loadOf(String(item.vendorId), item));
      keys = page.UnprocessedKeys?.[this.#table]?.Keys;
    }
    return out;
  }
}
