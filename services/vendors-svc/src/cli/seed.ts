/**
 * `pnpm seed [--count 10000] [--seed 42]`: writes deterministic vendors around real metro areas to
 * the vendors table and the geo index of the running `pnpm dev` (or of the stack named by the env).
 */

import { closeCaches, getCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { closeRedisClient } from '@roadcall/utils/redis';
import { closeVendorTableClient, DynamoVendorRepository, vendorTableClient } from '../repository';
import { vendorGeoIndex } from '../runtime';
import { seedVendors } from '../seed';
import { numberArg, useStackEnv } from './env';
import { progressBar } from './progress';

/** Vendors `pnpm seed` writes unless told otherwise. */
export const DEFAULT_SEED_COUNT = 10_000;
export const DEFAULT_SEED = 42;

export async function runSeed(argv: ReadonlyArray<string> = process.argv.slice(2)): Promise<void> {
  useStackEnv();
  const count = numberArg('count', DEFAULT_SEED_COUNT, argv);
  const seed = numberArg('seed', DEFAULT_SEED, argv);
  const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
  const bar = progressBar('vendors');
  const started = performance.now();
  bar.start(count, 0);
  try {
    await seedVendors({ count, seed, repo, index: vendorGeoIndex(), onProgress: (done) => bar.update(done) });
    // Seeded vendors may replace cached ones (same ids): drop what the running stack cached.
    await Promise.all([getCache('vendorProfile').invalidateNamespace(), getCache('vendorSearch').invalidateNamespace()]);
  } finally {
    bar.stop();
    closeVendorTableClient();
    await Promise.allSettled([closeRedisClient(), closeCaches()]);
  }
  process.stdout.write(`seeded ${count} vendors (seed ${seed}) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

if (require.main === module) {
  runSeed().catch((error: unknown) => {
    process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
