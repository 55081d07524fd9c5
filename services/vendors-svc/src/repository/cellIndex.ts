import { TABLES } from '@roadcall/contracts';
import { type DocumentSender, documentSdk, isConditionalCheckFailed, lazyDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import { AVAILABLE_SORT_PREFIX, cellAttributes, fromItem } from '../geo';
import type { Vendor } from '../types';

/** The narrow client: one `send`. */

/** The table's geo index (contracts: vendors `byCell`). */
export const BY_CELL_INDEX = TABLES.vendors.gsis[0].name;

/** Items per Query page (DynamoDB also stops at 1 MB). */
const QUERY_PAGE_LIMIT = 1_000;

/** A raw page of the table for reconcile: vendors, and whether each item's byCell attributes are right. */
export interface CellScanPage {
  readonly vendors: ReadonlyArray<Vendor>;
  /** Items whose `geoCell` / `geoCellSort` are missing or do not match their location/availability. */
  readonly stale: ReadonlyArray<Vendor>;
  readonly lastKey?: Record<string, unknown>;
}

/**
 * The vendors table read by geographic cell, for the geo search while the Redis index is down or
 * rebuilding. Straight to DynamoDB, never through DAX: DAX's query cache is not invalidated by
 * writes, and a fallback that offers a vendor who went off duty minutes ago is wrong.
 *
 * @example
 * const vendors = await new VendorCellIndex().query(['255:115', '255:116'], { availableOnly: true });
 */
export class VendorCellIndex {
  readonly #client: DocumentSender;
  readonly #table: () => string;

  constructor(client: DocumentSender = lazyDocumentClient, table: () => string = () => tableName('vendors')) {
    this.#client = client;
    this.#table = table;
  }

  /** Every vendor in the cells (available ones only: `on#` sort keys), one Query per cell, in parallel. */
  async query(cellIds: ReadonlyArray<string>, options: { availableOnly: boolean }): Promise<Vendor[]> {
    const pages = await Promise.all(cellIds.map((cell) => this.#queryCell(cell, options.availableOnly)));
    return pages.flat();
  }

  async #queryCell(cell: string, availableOnly: boolean): Promise<Vendor[]> {
    const vendors: Vendor[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.#client.send(
        new (documentSdk().QueryCommand)({
          TableName: this.#table(),
          IndexName: BY_CELL_INDEX,
          KeyConditionExpression: availableOnly ? '#c = :c AND begins_with(#s, :on)' : '#c = :c',
          ExpressionAttributeNames: availableOnly ? { '#c': 'geoCell', '#s': 'geoCellSort' } : { '#c': 'geoCell' },
          ExpressionAttributeValues: availableOnly ? { ':c': cell, ':on': AVAILABLE_SORT_PREFIX } : { ':c': cell },
          Limit: QUERY_PAGE_LIMIT,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of out.Items ?? []) vendors.push(fromItem(item));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return vendors;
  }

  /** A page of the whole table (reconcile), with the items whose byCell attributes are stale. */
  async scanPage(limit: number, startKey?: Record<string, unknown>): Promise<CellScanPage> {
    const out = await this.#client.send(
      new (documentSdk().ScanCommand)({ TableName: this.#table(), Limit: limit, ...(startKey ? { ExclusiveStartKey: startKey } : {}) }),
    );
    const vendors: Vendor[] = [];
    const stale: Vendor[] = [];
    for (const item of out.Items ?? []) {
      const vendor = fromItem(item);
      vendors.push(vendor);
      const want = cellAttributes(vendor);
      if (item.geoCell !== want.geoCell || item.geoCellSort !== want.geoCellSort) stale.push(vendor);
    }
    return { vendors, stale, lastKey: out.LastEvaluatedKey };
  }

  /**
   * Rewrites an item's byCell attributes from its location and availability, only if the item has
   * not changed since it was read (same `updatedAt`): a concurrent profile change wins and
   * writes its own attributes. Returns false when the item changed meanwhile.
   */
  async repair(vendor: Vendor): Promise<boolean> {
    const want = cellAttributes(vendor);
    try {
      await this.#client.send(
        new (documentSdk().UpdateCommand)({
          TableName: this.#table(),
          Key: { vendorId: vendor.vendorId },
          UpdateExpression: 'SET #c = :c, #s = :s',
          ConditionExpression: '#u = :u',
          ExpressionAttributeNames: { '#c': 'geoCell', '#s': 'geoCellSort', '#u': 'updatedAt' },
          ExpressionAttributeValues: { ':c': want.geoCell, ':s': want.geoCellSort, ':u': vendor.updatedAt },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }
}
