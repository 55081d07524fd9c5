import {
  type AggregatedMetrics,
  type MetricsStore,
  metricsKeyPrefix,
  readMetrics,
  readSseConnections,
  type SeriesReport,
  type SseConnectionsReport,
  type SseConnectionsStore,
} from '@roadcall/utils/metrics';
import { metricsStore } from '../runtime';
import type { QueueInspector } from './dlq';
import { jobQueueDepths, type PriorityQueueDepth } from './queueDepths';

/** A job type's figures over the window: processing time and completion rate. */
export interface JobTypeReport {
  readonly type: string;
  /** Jobs that finished (completed or failed) in the window. */
  readonly finished: number;
  readonly completed: number;
  readonly failed: number;
  /** completed / finished. */
  readonly completionRate: number;
  /** Claimed to finished, ms. */
  readonly processingMs: SeriesReport['latencyMs'];
}

export interface MetricsReport extends Omit<AggregatedMetrics, 'jobs'> {
  readonly jobs: JobTypeReport[];
  /** Depth of each job priority queue now, and of its DLQ. */
  readonly queues: PriorityQueueDepth[];
  /** SSE connections open now across containers (job streams and /events). */
  readonly sse: SseConnectionsReport;
  /** The answering container, live. */
  readonly process: Record<string, number>;
}

function jobReport(series: SeriesReport): JobTypeReport {
  const completed = series.count - series.errors;
  return {
    type: series.name,
    finished: series.count,
    completed,
    failed: series.errors,
    completionRate: series.count > 0 ? Math.round((completed / series.count) * 10_000) / 10_000 : 0,
    processingMs: series.latencyMs,
  };
}

/**
 * Everything recorded across containers over the last `minutes` (CPU and memory per container,
 * job processing time and completion rate per type), the job queues' depths and the open SSE
 * connections now, plus this container's own memory and CPU.
 */
export async function metricsReport(
  minutes: number | undefined,
  store: MetricsStore = metricsStore(),
  inspector?: QueueInspector,
): Promise<MetricsReport> {
  const prefix = metricsKeyPrefix();
  const [report, queues, sse] = await Promise.all([
    readMetrics(store, prefix, { minutes }),
    jobQueueDepths(inspector),
    readSseConnections(store as unknown as SseConnectionsStore, prefix),
  ]);
  const memory = process.memoryUsage();
  const cpu = process.cpuUsage();
  const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
  return {
    ...report,
    jobs: report.jobs.map(jobReport),
    queues,
    sse,
    process: {
      rssMb: mb(memory.rss),
      heapUsedMb: mb(memory.heapUsed),
      cpuUserMs: Math.round(cpu.user / 1000),
      cpuSystemMs: Math.round(cpu.system / 1000),
      uptimeSeconds: Math.round(process.uptime()),
    },
  };
}
