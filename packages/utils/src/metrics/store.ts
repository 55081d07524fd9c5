import { BUCKET_MS, BUCKET_TTL_SECONDS, METRICS_SHARDS } from './constants';
import type { MetricsSnapshot } from './types';

/**
 * The slice of a Redis pipeline the metrics writer needs (ioredis' `Pipeline` satisfies it).
 * One pipeline per flush: one round trip, whatever the number of series.
 */
export interface MetricsWritePipeline {
  hincrby(key: string, field: string, increment: number): unknown;
  hincrbyfloat(key: string, field: string, increment: number): unknown;
  hset(key: string, field: string, value: string): unknown;
  sadd(key: string, member: string): unknown;
  expire(key: string, seconds: number): unknown;
  exec(): Promise<unknown>;
}

/** The slice of a Redis pipeline the metrics reader needs. */
export interface MetricsReadPipeline {
  hgetall(key: string): unknown;
  smembers(key: string): unknown;
  exec(): Promise<Array<[Error | null, unknown]> | null>;
}

/** What the metrics code needs from Redis: pipelines, nothing else. */
export interface MetricsStore {
  pipeline(): MetricsWritePipeline & MetricsReadPipeline;
}

/** Minute bucket number of a timestamp. */
export function bucketOf(at: number): number {
  return Math.floor(at / BUCKET_MS);
}

/** The shard a container writes to: a stable hash of its id (FNV-1a), modulo {@link METRICS_SHARDS}. */
export function shardOf(containerId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < containerId.length; i++) hash = Math.imul(hash ^ containerId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % METRICS_SHARDS;
}

/**
 * Key layout of one minute bucket of one shard (all keys expire after BUCKET_TTL_SECONDS; `<s>`
 * is `{m<shard>}`, a hash tag: one shard's keys share a Redis Cluster slot, see METRICS_SHARDS):
 * - `<prefix>:<s>:<minute>:counters` hash: `<kind>|<name>|count|errors|client_errors|cold|sum_ms`,
 *   `cache|<namespace>|<tier>|hits|misses`, `pool|<name>|waits|wait_ms|acquired`.
 * - `<prefix>:<s>:<minute>:series` set of `<kind>|<name>` that have a histogram this minute.
 * - `<prefix>:<s>:<minute>:h:<kind>|<name>` hash: histogram bin index -> count.
 * - `<prefix>:<s>:<minute>:containers` hash: container id -> its latest {@link ContainerStats} JSON.
 */
export const metricsKeys = {
  counters: (prefix: string, shard: number, minute: number) => `${prefix}:{m${shard}}:${minute}:counters`,
  series: (prefix: string, shard: number, minute: number) => `${prefix}:{m${shard}}:${minute}:series`,
  histogram: (prefix: string, shard: number, minute: number, series: string) => `${prefix}:{m${shard}}:${minute}:h:${series}`,
  containers: (prefix: string, shard: number, minute: number) => `${prefix}:{m${shard}}:${minute}:containers`,
};

/** Queues a snapshot's writes on one pipeline (one slot: the container's shard) and sends it: cheap increments, fixed-size keys, TTLs. */
export async function writeSnapshot(store: MetricsStore, prefix: string, snapshot: MetricsSnapshot): Promise<void> {
  const minute = bucketOf(snapshot.at);
  const shard = shardOf(snapshot.container.id);
  const counters = metricsKeys.counters(prefix, shard, minute);
  const seriesKey = metricsKeys.series(prefix, shard, minute);
  const containers = metricsKeys.containers(prefix, shard, minute);
  const pipe = store.pipeline();
  for (const series of snapshot.series) {
    const id = `${series.kind}|${series.name}`;
    pipe.hincrby(counters, `${id}|count`, series.count);
    if (series.errors) pipe.hincrby(counters, `${id}|errors`, series.errors);
    if (series.clientErrors) pipe.hincrby(counters, `${id}|client_errors`, series.clientErrors);
    if (series.coldStarts) pipe.hincrby(counters, `${id}|cold`, series.coldStarts);
    pipe.hincrbyfloat(counters, `${id}|sum_ms`, Math.round(series.sumMs * 1000) / 1000);
    const histogram = metricsKeys.histogram(prefix, shard, minute, id);
    for (const [bin, count] of series.bins) pipe.hincrby(histogram, String(bin), count);
    pipe.expire(histogram, BUCKET_TTL_SECONDS);
    pipe.sadd(seriesKey, id);
  }
  for (const entry of snapshot.cache) {
    if (entry.hits) pipe.hincrby(counters, `cache|${entry.namespace}|${entry.tier}|hits`, entry.hits);
    if (entry.misses) pipe.hincrby(counters, `cache|${entry.namespace}|${entry.tier}|misses`, entry.misses);
  }
  for (const pool of snapshot.poolDeltas) {
    if (pool.waits) pipe.hincrby(counters, `pool|${pool.name}|waits`, pool.waits);
    if (pool.waitMs) pipe.hincrbyfloat(counters, `pool|${pool.name}|wait_ms`, Math.round(pool.waitMs));
    if (pool.acquired) pipe.hincrby(counters, `pool|${pool.name}|acquired`, pool.acquired);
  }
  pipe.hset(containers, snapshot.container.id, JSON.stringify(snapshot.container));
  for (const key of [counters, seriesKey, containers]) pipe.expire(key, BUCKET_TTL_SECONDS);
  await pipe.exec();
}
