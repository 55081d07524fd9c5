import { CACHE_NAMESPACES } from '@roadcall/contracts';
import { dynamoClient, dynamodbSdk, sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { getCache } from '@roadcall/utils/cache';
import { queueUrl, tableName } from '@roadcall/utils/config';
import { getPool } from '@roadcall/utils/db';
import { redisClient } from '@roadcall/utils/redis';

/** How long one dependency may take before it counts as down. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

export type DependencyName = 'dynamodb' | 'redis' | 'postgres' | 'sqs';

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly down: DependencyName[];
  readonly checks: Record<DependencyName, DependencyStatus>;
}

type Probe = () => Promise<unknown>;

/** The probes: the cheapest call that proves each dependency answers, with our resources in it. */
export const PROBES: Record<DependencyName, Probe> = {
  dynamodb: () => dynamoClient().send(new (dynamodbSdk().DescribeTableCommand)({ TableName: tableName('cache') })),
  redis: () => redisClient().ping(),
  postgres: () => getPool().query('SELECT 1'),
  sqs: () => sqsClient().send(new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: queueUrl('jobsNormal'), AttributeNames: ['QueueArn'] })),
};

async function probe(run: Probe, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks every dependency concurrently; each gets its own timeout so one outage can't hide another. */
export async function checkHealth(
  probes: Record<DependencyName, Probe> = PROBES,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const names = Object.keys(probes) as DependencyName[];
  const results = await Promise.all(names.map((name) => probe(probes[name], timeoutMs)));
  const checks = Object.fromEntries(names.map((name, index) => [name, results[index]])) as Record<DependencyName, DependencyStatus>;
  const down = names.filter((name) => checks[name].status === 'down');
  return { status: down.length === 0 ? 'ok' : 'degraded', down, checks };
}

/** A deep health report with the time it was taken. */
export interface CachedHealthReport extends HealthReport {
  /** When the backends were probed (ISO 8601); repeats within the TTL answer this same report. */
  readonly checkedAt: string;
}

/** Options of {@link createHealthCache}. */
export interface HealthCacheOptions {
  /** How long one deep check answers for (default: the contracts' `system-health` TTL, 60 s). */
  readonly ttlMs?: number;
  /** The clock (tests pass a fake one). */
  readonly now?: () => number;
  /** The deep check (default: {@link checkHealth} over the real probes). */
  readonly check?: () => Promise<HealthReport>;
}

/** The per-container deep-check cache: `get()` probes at most once per TTL; `clear()` forgets. */
export interface HealthCache {
  get(): Promise<CachedHealthReport>;
  clear(): void;
}

/**
 * Caches the deep check per container: `/health` is public, and a deep check fans out to four
 * backends, so without it every anonymous request (or a flood of them) would reach DynamoDB,
 * Redis, PostgreSQL and SQS. Concurrent callers during a check share it (single flight); the
 * report, ok or degraded, answers for the TTL, as the source systems cache system health for 60 s.
 *
 * @example
 * const cache = createHealthCache({ ttlMs: 60_000 });
 * const report = await cache.get(); // probes; the next minute's calls answer from memory
 */
export function createHealthCache(options: HealthCacheOptions = {}): HealthCache {
  const ttlMs = options.ttlMs ?? CACHE_NAMESPACES.systemHealth.ttlSeconds * 1000;
  const now = options.now ?? Date.now;
  const check = options.check ?? (() => checkHealth());
  let entry: { at: number; report: Promise<CachedHealthReport> } | undefined;
  return {
    get() {
      const at = now();
      if (entry && at - entry.at < ttlMs) return entry.report;
      const report = check().then((result) => ({ ...result, checkedAt: new Date(at).toISOString() }));
      const current = { at, report };
      entry = current;
      // A check that throws (it should not: probes catch) is not cached.
      report.catch(() => {
        if (entry === current) entry = undefined;
      });
      return report;
    },
    clear() {
      entry = undefined;
    },
  };
}

/** The shared entry's key in the system-health namespace. */
export const HEALTH_CACHE_KEY = 'deep';

/**
 * The deep report shared by every container through the system-health namespace (60 s): one
 * probe round per minute for the whole fleet, not per container. Under it the per-container
 * cache (`local`) still single-flights and answers while Redis itself is down (the tiered cache
 * then runs the factory: this container's cached check).
 *
 * @example
 * const report = await sharedHealthReport(healthCache()); // { status, down, checks, checkedAt }
 */
export function sharedHealthReport(local: HealthCache): Promise<CachedHealthReport> {
  return getCache('systemHealth').getOrSet(HEALTH_CACHE_KEY, () => local.get());
}
