import { type AggregatedMetrics, type MetricsStore, metricsKeyPrefix, readMetrics } from '@roadcall/utils/metrics';
import { metricsStore } from '../runtime';

/**
 * Everything recorded across containers over the last `minutes`, plus this container's own
 * memory and uptime (it answers the request, so it is live).
 */
export async function metricsReport(
  minutes: number | undefined,
  store: MetricsStore = metricsStore(),
): Promise<AggregatedMetrics & { process: Record<string, number> }> {
  const report = await readMetrics(store, metricsKeyPrefix(), { minutes });
  const memory = process.memoryUsage();
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return { ...report, process: { rssMb: mb(memory.rss), heapUsedMb: mb(memory.heapUsed), uptimeSeconds: Math.round(process.uptime()) } };
}
