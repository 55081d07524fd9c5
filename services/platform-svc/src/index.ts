/**
 * @roadcall/platform-svc: health and performance monitoring (metrics, cache, database, analysis),
 * the warmer and cache administration. The public face: what other packages may import.
 *
 * @example
 * import { healthCache } from '@roadcall/platform-svc';
 * const report = await healthCache().get();
 */
export { type CachedHealthReport, checkHealth, createHealthCache, type HealthCache, type HealthReport } from './health';
export { type Analysis, analyze, type Finding, type FindingKind } from './performance/analyze';
export { healthCache, metricsStore } from './runtime';
export { runWarmer } from './warmer';
