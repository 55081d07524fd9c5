import { tableName } from '@roadcall/utils/config';
import { DynamoVendorRepository, vendorTableClient } from '../repository';
import { vendorGeoIndex, vendorIndexMirror } from '../runtime';
import { seedVendors } from './seedVendors';

/** Vendors `pnpm dev` seeds: small enough to be instant, enough for searches to return something. */
export const LOCAL_SEED = { count: 500, seed: 42 } as const;

/**
 * The `pnpm dev` seeder (registered in `@roadcall/local`'s LOCAL_SEEDERS): 500 vendors with seed
 * 42, including the demo vendor `vendor-000000` in San Francisco. Idempotent.
 */
export async function seedLocalVendors(): Promise<string> {
  const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
  const { written } = await seedVendors({ ...LOCAL_SEED, repo, index: vendorGeoIndex() });
  // A complete mirror of the table, with its ready marker: searches read the index from the start.
  const state = await vendorIndexMirror().index.readState();
  if (state?.status !== 'ready') await vendorIndexMirror().rebuild();
  return `${written} vendors (seed ${LOCAL_SEED.seed}; demo vendor vendor-000000 in San Francisco)`;
}
