import type { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
import type { Vendor, VendorPatch } from '../types';

/**
 * The one narrow surface the repository needs from a table client: the aggregated document
 * methods it calls, and nothing else. lib-dynamodb's `DynamoDBDocument` and lib-dax's
 * `DaxDocument` both have them with the same shapes. Not `send(command)`: DAX 3.1 throws "send
 * operation is not supported for DAX" on every `send`, so a repository written against `send`
 * fails every call wherever DAX is configured.
 */
export type VendorTableClient = Pick<DynamoDBDocument, 'get' | 'put' | 'update' | 'scan' | 'batchWrite'>;

/** A page of vendors in table order, with the key to resume from. */
export interface VendorPage {
  readonly items: ReadonlyArray<Vendor>;
  readonly lastKey?: string;
}

/** Reads and writes of the vendors table. */
export interface VendorRepository {
  get(vendorId: string): Promise<Vendor | undefined>;
  /** Fails with 409 when the id is taken. */
  create(vendor: Vendor): Promise<void>;
  /** Applies a patch; 404 when the vendor does not exist. Returns the vendor before and after. */
  update(vendorId: string, patch: VendorPatch, now: string): Promise<{ before: Vendor; after: Vendor }>;
  list(options: { limit: number; startKey?: string }): Promise<VendorPage>;
  /** Writes many vendors (seeding): unconditional puts in batches. */
  putMany(vendors: ReadonlyArray<Vendor>): Promise<void>;
  /** Every vendor, page by page (rebuilds). */
  scanAll(pageSize?: number): AsyncIterable<ReadonlyArray<Vendor>>;
}
