import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsSnapshot } from './types';

/**
 * Turns a flush's snapshot into CloudWatch Embedded Metric Format lines, built and validated by
 * Powertools metrics: one line per dimension set (route, function, cache namespace+tier, pool,
 * container). CloudWatch extracts them from the function's log output; alarms use these metrics.
 * Latency carries the interval's raw samples (a uniform reservoir, <= 100 values, EMF's cap per
 * metric) so CloudWatch computes real p99s across containers.
 *
 * @example
 * for (const line of toEmf(snapshot, { namespace: 'Roadcall', service: 'vendors' })) process.stdout.write(`${line}\n`);
 */
export function toEmf(snapshot: MetricsSnapshot, options: { namespace: string; service: string }): string[] {
  const metrics = new Metrics({ namespace: options.namespace, serviceName: options.service });
  const lines: string[] = [];
  const emit = (dimensions: Record<string, string>, add: () => void): void => {
    metrics.addDimensions(dimensions);
    add();
    metrics.setTimestamp(snapshot.at);
    lines.push(JSON.stringify(metrics.serializeMetrics()));
    metrics.clearMetrics();
    metrics.clearDimensions();
  };

  for (const series of snapshot.series) {
    emit({ [series.kind]: series.name }, () => {
      metrics.addMetric('Invocations', MetricUnit.Count, series.count);
      metrics.addMetric('Errors', MetricUnit.Count, series.errors);
      metrics.addMetric('ColdStarts', MetricUnit.Count, series.coldStarts);
      for (const ms of series.samples) metrics.addMetric('Latency', MetricUnit.Milliseconds, Math.round(ms * 1000) / 1000);
    });
  }
  for (const entry of snapshot.cache) {
    emit({ namespace: entry.namespace, tier: entry.tier }, () => {
      metrics.addMetric('CacheHits', MetricUnit.Count, entry.hits);
      metrics.addMetric('CacheMisses', MetricUnit.Count, entry.misses);
    });
  }
  for (const pool of snapshot.container.pools) {
    const delta = snapshot.poolDeltas.find((candidate) => candidate.name === pool.name);
    emit({ pool: pool.name }, () => {
      metrics.addMetric('PoolTotal', MetricUnit.Count, pool.total);
      metrics.addMetric('PoolIdle', MetricUnit.Count, pool.idle);
      metrics.addMetric('PoolWaiting', MetricUnit.Count, pool.waiting);
      metrics.addMetric('PoolWaits', MetricUnit.Count, delta?.waits ?? 0);
    });
  }
  emit({ function: snapshot.container.functionName }, () => {
    metrics.addMetric('MemoryRss', MetricUnit.Megabytes, snapshot.container.rssMb);
    metrics.addMetric('HeapUsed', MetricUnit.Megabytes, snapshot.container.heapUsedMb);
    metrics.addMetric('ContainerUptime', MetricUnit.Seconds, snapshot.container.uptimeSeconds);
    metrics.addMetric('CpuUtilization', MetricUnit.Percent, snapshot.container.cpuPercent);
  });
  for (const [route, open] of Object.entries(snapshot.container.sseConnections)) {
    emit({ route }, () => metrics.addMetric('SseConnections', MetricUnit.Count, open));
  }
  return lines;
}

/** One EMF document's worth of counts: its dimensions and metric name -> value. */
export interface CountRow {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly counts: Readonly<Record<string, number>>;
}

/**
 * Gauges read at one moment (queue depths, say) as EMF lines, one per dimension set, built and
 * validated by Powertools like the flusher's own lines.
 *
 * @example
 * countsToEmf([{ dimensions: { queue: 'jobsHigh' }, counts: { QueueDepth: 3 } }], { namespace: 'Roadcall', service: 'platform' });
 */
export function countsToEmf(rows: ReadonlyArray<CountRow>, options: { namespace: string; service: string; at?: number }): string[] {
  const metrics = new Metrics({ namespace: options.namespace, serviceName: options.service });
  return rows.map((row) => {
    metrics.addDimensions({ ...row.dimensions });
    for (const [name, value] of Object.entries(row.counts)) metrics.addMetric(name, MetricUnit.Count, value);
    metrics.setTimestamp(options.at ?? Date.now());
    const line = JSON.stringify(metrics.serializeMetrics());
    metrics.clearMetrics();
    metrics.clearDimensions();
    return line;
  });
}
