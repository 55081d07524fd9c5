import type { GeoIndex } from '@roadcall/utils/geo';
import { toGeoMember } from '../geo';
import type { VendorRepository } from '../repository';
import type { Vendor, VendorSummary } from '../types';
import { generateVendors } from './generate';

/** Vendors written per step: one table batch run and one index pipeline run. */
const STEP = 1_000;
/** BatchWriteItem calls in flight per step. */
const WRITE_CONCURRENCY = 4;

export interface SeedOptions {
  readonly count: number;
  readonly seed: number;
  readonly repo: VendorRepository;
  readonly index: GeoIndex<VendorSummary>;
  /** Skip the table (benchmarks of the index alone). */
  readonly indexOnly?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Writes `count` deterministic vendors to the table and the geo index. Idempotent for one seed
 * (same ids, same items); after seeding with another seed, rebuild the index (old positions of
 * reused ids would linger in their old cells).
 */
export async function seedVendors(options: SeedOptions): Promise<{ written: number }> {
  let batch: Vendor[] = [];
  let written = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const vendors = batch;
    batch = [];
    if (!options.indexOnly) {
      const share = Math.ceil(vendors.length / WRITE_CONCURRENCY);
      await Promise.all(
        Array.from({ length: WRITE_CONCURRENCY }, (_, i) => options.repo.putMany(vendors.slice(i * share, (i + 1) * share))),
      );
    }
    await options.index.addMany(vendors.map(toGeoMember));
    written += vendors.length;
    options.onProgress?.(written, options.count);
  };
  for (const vendor of generateVendors({ count: options.count, seed: options.seed })) {
    batch.push(vendor);
    if (batch.length >= STEP) await flush();
  }
  await flush();
  return { written };
}
