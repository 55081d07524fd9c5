import type { Vendor, VendorPatch } from '../types';
import type { VendorPage, VendorRepository } from './types';

/**
 * A repository created on first use. The search function's contract declares only Redis (it
 * never reads the table), so in AWS it has no VENDORS_TABLE and no DAX endpoint: resolving the
 * table eagerly would fail there, and starting DAX discovery would be wasted.
 */
export class LazyVendorRepository implements VendorRepository {
  readonly #create: () => Promise<VendorRepository>;
  #repo: Promise<VendorRepository> | undefined;

  constructor(create: () => Promise<VendorRepository>) {
    this.#create = create;
  }

  #get(): Promise<VendorRepository> {
    this.#repo ??= this.#create().catch((error: unknown) => {
      this.#repo = undefined;
      throw error;
    });
    return this.#repo;
  }

  async get(vendorId: string): Promise<Vendor | undefined> {
    return (await this.#get()).get(vendorId);
  }

  async create(vendor: Vendor): Promise<void> {
    return (await this.#get()).create(vendor);
  }

  async update(vendorId: string, patch: VendorPatch, now: string): Promise<{ before: Vendor; after: Vendor }> {
    return (await this.#get()).update(vendorId, patch, now);
  }

  async list(options: { limit: number; startKey?: string }): Promise<VendorPage> {
    return (await this.#get()).list(options);
  }

  async putMany(vendors: ReadonlyArray<Vendor>): Promise<void> {
    return (await this.#get()).putMany(vendors);
  }

  async *scanAll(pageSize?: number): AsyncIterable<ReadonlyArray<Vendor>> {
    yield* (await this.#get()).scanAll(pageSize);
  }
}
