/**
 * `pnpm --filter @roadcall/vendors-svc rebuild-index`: rebuilds the Redis geo index from the vendors
 * table (the source of truth), with a progress bar. It clears the index first, so searches
 * during the rebuild see a partial index (seconds for 10,000 vendors); search caches are purged
 * at the end.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '@roadcall/utils/aws';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import type { GeoIndex } from '@roadcall/utils/geo';
import { closeRedisClient } from '@roadcall/utils/redis';
import { vendorGeoIndex } from '../deps';
import { toGeoMember } from '../geo';
import { closeVendorTableClient, DynamoVendorRepository, type VendorRepository, vendorTableClient } from '../repository';
import type { VendorSummary } from '../types';
import { useStackEnv } from './env';
import { progressBar } from './progress';

/**
 * Clears the index and loads every vendor of the table into it; returns how many were indexed.
 *
 * @example
 * const { indexed } = await rebuildIndex({ repo, index, onProgress: (done) => bar.update(done) });
 */
export async function rebuildIndex(options: {
  repo: VendorRepository;
  index: GeoIndex<VendorSummary>;
  onProgress?: (done: number) => void;
}): Promise<{ indexed: number; cleared: number }> {
  const cleared = await options.index.clear();
  let indexed = 0;
  for await (const page of options.repo.scanAll()) {
    await options.index.addMany(page.map(toGeoMember));
    indexed += page.length;
    options.onProgress?.(indexed);
  }
  return { indexed, cleared };
}

async function main(): Promise<void> {
  useStackEnv();
  const table = tableName('vendors');
  const repo = new DynamoVendorRepository(await vendorTableClient(), table);
  // ItemCount is approximate in AWS (refreshed every few hours): good enough for a progress bar.
  const described = await dynamoClient().send(new DescribeTableCommand({ TableName: table }));
  const bar = progressBar('rebuild');
  bar.start(Math.max(1, described.Table?.ItemCount ?? 0), 0);
  const started = performance.now();
  try {
    const { indexed, cleared } = await rebuildIndex({
      repo,
      index: vendorGeoIndex(),
      onProgress: (done) => {
        if (done > bar.getTotal()) bar.setTotal(done);
        bar.update(done);
      },
    });
    await getCache('vendorSearch').invalidateNamespace();
    bar.stop();
    process.stdout.write(
      `indexed ${indexed} vendors (cleared ${cleared} keys) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    bar.stop();
    closeVendorTableClient();
    await Promise.allSettled([closeRedisClient(), closeCaches()]);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`rebuild-index: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
