/**
 * Performance metrics: per route and per function counts, errors, latency percentiles and cold
 * starts; cache hits/misses per namespace and tier; pool statistics; memory and uptime. Recorded
 * in memory on the request path, flushed in the background to Redis (minute buckets, fixed
 * histogram bins, TTL: mergeable across containers) and to CloudWatch EMF (alarms).
 */
export {
  BUCKET_MS,
  BUCKET_TTL_SECONDS,
  DEFAULT_EMF_NAMESPACE,
  DEFAULT_WINDOW_MINUTES,
  HISTOGRAM_GAMMA,
  MAX_WINDOW_MINUTES,
} from './constants';
export { CONTAINER_ID, containerStats, cpuPercentSinceLastReading } from './container';
export { type CountRow, countsToEmf, toEmf } from './emf';
export { type FlusherOptions, MetricsFlusher } from './flusher';
export { binOf, binValue, Histogram } from './histogram';
export {
  flushMetrics,
  metricsKeyPrefix,
  poolStatsFrom,
  recordDegraded,
  recordInvocation,
  recordJob,
  recordRequest,
  registerMetricsSources,
  stopMetrics,
} from './metrics';
export { type AggregatedMetrics, type CacheReport, type PoolReport, readMetrics, type SeriesReport, windowMinutes } from './reader';
export { MetricsRecorder } from './recorder';
export {
  localSseConnections,
  readSseConnections,
  renewSseConnections,
  SSE_TOP_USERS,
  type SseConnectionsReport,
  type SseConnectionsStore,
  sseConnectionsKey,
  trackSseConnection,
} from './sse';
export {
  bucketOf,
  type MetricsReadPipeline,
  type MetricsStore,
  type MetricsWritePipeline,
  metricsKeys,
  shardOf,
  writeSnapshot,
} from './store';
export type * from './types';
