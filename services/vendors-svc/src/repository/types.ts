import type { Vendor, VendorPatch } from '../types';

/**
 * The one narrow surface the repository needs from a DynamoDB client: `send` of document-client
 * commands. Both `DynamoDBDocumentClient` and DAX's `DaxDocument` satisfy it, and tests can wrap
 * either (DAX has no local engine, so it is only ever faked behind this interface).
 */
export interface VendorTableClient {
  send(command: object): Promise<unknown>;
}

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
