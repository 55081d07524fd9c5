/**
 * `pnpm --filter @roadcall/vendors-svc rebuild-index`: rebuilds the Redis geo index from the vendors
 * table (the source of truth), with a progress bar. It takes the rebuild lock, marks the index
 * `building` (services answer searches from the table meanwhile), clears and reloads it, then
 * writes the `ready` marker; search caches are purged at the end. The services do the same by
 * themselves when they find the index lost, so this is for maintenance only.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoClient } from '@roadcall/utils/aws';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import type { GeoIndex } from '@roadcall/utils/geo';
import { closeRedisClient } from '@roadcall/utils/redis';
import { INDEX_REBUILD_LOCK_MS } from '../constants';
import { toGeoMember } from '../geo';
import { closeVendorTableClient, DynamoVendorRepository, type VendorRepository, vendorTableClient } from '../repository';
import { vendorGeoIndex } from '../runtime';
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
  const { index } = options;
  const token = await index.tryLock(INDEX_REBUILD_LOCK_MS);
  if (!token) throw new Error('Another process is rebuilding the geo index (its lock is held); try again shortly');
  try {
    const generation = Date.now();
    const cleared = await index.clear();
    await index.writeState({ status: 'building', generation, count: 0, at: new Date(generation).toISOString() });
    let indexed = 0;
    for await (const page of options.repo.scanAll()) {
      await index.addMany(page.map(toGeoMember));
      indexed += page.length;
      options.onProgress?.(indexed);
      await index.extendLock(token, INDEX_REBUILD_LOCK_MS);
    }
    await index.writeState({ status: 'ready', generation, count: indexed, at: new Date().toISOString() });
    return { indexed, cleared };
  } finally {
    await index.unlock(token).catch(() => undefined);
  }
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
