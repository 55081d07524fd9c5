import { documentSdk, dynamoDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import { STALE_PROCESSING_MS } from './constants';
import { notifyJobOnce } from './notification';
import { addIncident, emptyAggregates } from './processors/aggregate';
import { incidentsTable, vendorsTable } from './repositories';
import { JobStore } from './store';

/**
 * Daily: expired jobs deleted; jobs whose worker was lost (killed on the message's last attempt,
 * so nobody failed the job) failed, with their one failure email.
 */
export async function cleanupJobs(store = new JobStore()): Promise<{ deleted: number; failedStale: number }> {
  const { deleted, failedStale } = await store.cleanup(STALE_PROCESSING_MS);
  for (const jobId of failedStale) {
    const job = await store.get(jobId, true);
    // One attempt, recorded on the job; an email failure never fails the cleanup.
    if (job) await notifyJobOnce(store, job);
  }
  return { deleted, failedStale: failedStale.length };
}

/** The cache-table key of the platform report overview the warm-up keeps fresh. */
export const REPORT_OVERVIEW_CACHE_KEY = 'long-term:reports:overview';

/**
 * How long the overview lives: one warm-up period and nothing more. It is a cache-table item of
 * the jobs service, not a catalog namespace (no route reads it through the tiered cache).
 */
export const REPORT_OVERVIEW_TTL_SECONDS = 3_600;

/**
 * Hourly warm-up: recomputes the platform-wide incident aggregates and vendor count and stores
 * them in the cache table (`REPORT_OVERVIEW_TTL_SECONDS`), so dashboards read a ready answer.
 */
export async function warmReportCache(pageSize = 1_000): Promise<{ incidents: number; vendors: number }> {
  const aggregates = emptyAggregates();
  const incidents = incidentsTable();
  let key: Record<string, unknown> | undefined;
  do {
    const page = await incidents.scanPage(pageSize, key);
    for (const item of page.items) addIncident(aggregates, item);
    key = page.nextKey;
  } while (key);
  const vendors = await vendorsTable().approximateCount();
  const ttl = REPORT_OVERVIEW_TTL_SECONDS;
  await dynamoDocumentClient().send(
    new (documentSdk().PutCommand)({
      TableName: tableName('cache'),
      Item: {
        pk: REPORT_OVERVIEW_CACHE_KEY,
        value: JSON.stringify({ ...aggregates, vendors, computedAt: new Date().toISOString() }),
        expiresAt: Math.floor(Date.now() / 1000) + ttl,
      },
    }),
  );
  return { incidents: aggregates.total, vendors };
}
