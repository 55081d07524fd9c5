import type { AggregatedMetrics } from '@roadcall/utils/metrics';
import { namespaceTotals } from './cacheTotals';
import {
  DLQ_CRITICAL_DEPTH,
  MIN_LOOKUPS_FOR_HIT_RATE,
  MIN_REQUESTS_FOR_LATENCY,
  MIN_REQUESTS_FOR_RATIOS,
  POOL_ACQUIRE_P99_WAIT_MS,
} from './constants';
import type { DlqDepth } from './dlq';
import type { Thresholds } from './thresholds';

export type FindingKind =
  | 'low-cache-hit-rate'
  | 'slow-route'
  | 'slow-function'
  | 'high-error-rate'
  | 'high-cold-start-ratio'
  | 'pool-waits'
  | 'high-memory'
  | 'dlq-depth';

/** One problem, the figures that show it, and what to do about it. */
export interface Finding {
  readonly kind: FindingKind;
  readonly severity: 'warning' | 'critical';
  /** What it is about: a route id, a function id, a namespace, a pool, a queue, a container. */
  readonly subject: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly recommendation: string;
}

export interface Analysis {
  readonly window: AggregatedMetrics['window'];
  readonly thresholds: Thresholds;
  readonly findings: Finding[];
  readonly summary: { readonly critical: number; readonly warning: number };
}

/**
 * Turns aggregated metrics and DLQ depths into findings. Pure: every figure comes in as an
 * argument, so each rule is testable without engines. Below the minimum sample sizes a rule stays
 * quiet rather than report noise.
 *
 * @example
 * const analysis = analyze(await readMetrics(store, prefix), await dlqDepths(), loadThresholds());
 */
export function analyze(metrics: AggregatedMetrics, dlqs: ReadonlyArray<DlqDepth>, thresholds: Thresholds): Analysis {
  const findings: Finding[] = [];
  const twice = (value: number, limit: number): 'warning' | 'critical' => (value >= limit * 2 ? 'critical' : 'warning');

  for (const route of metrics.routes) {
    const p95 = route.latencyMs.p95;
    if (route.count >= MIN_REQUESTS_FOR_LATENCY && p95 !== null && p95 > thresholds.responseTimeMs) {
      findings.push({
        kind: 'slow-route',
        severity: twice(p95, thresholds.responseTimeMs),
        subject: route.name,
        evidence: {
          p50Ms: route.latencyMs.p50,
          p95Ms: p95,
          p99Ms: route.latencyMs.p99,
          requests: route.count,
          targetMs: thresholds.responseTimeMs,
        },
        recommendation: `p95 ${Math.round(p95)} ms is over the ${thresholds.responseTimeMs} ms target: give the route a cache policy in the contracts (or a longer TTL), check its queries for missing indexes, and compare with its cold-start ratio (${route.coldStartRatio}).`,
      });
    }
    if (route.count >= MIN_REQUESTS_FOR_RATIOS && route.errorRate > thresholds.errorRate) {
      findings.push({
        kind: 'high-error-rate',
        severity: twice(route.errorRate, thresholds.errorRate),
        subject: route.name,
        evidence: { errors: route.errors, requests: route.count, errorRate: route.errorRate, threshold: thresholds.errorRate },
        recommendation:
          'Search the logs by route for 5xx causes; a dependency outage shows as 503 with Retry-After, anything else is a bug.',
      });
    }
  }

  for (const fn of metrics.functions) {
    if (fn.count >= MIN_REQUESTS_FOR_RATIOS && fn.coldStartRatio > thresholds.coldStartRatio) {
      findings.push({
        kind: 'high-cold-start-ratio',
        severity: twice(fn.coldStartRatio, thresholds.coldStartRatio),
        subject: fn.name,
        evidence: { coldStarts: fn.coldStarts, invocations: fn.count, ratio: fn.coldStartRatio, threshold: thresholds.coldStartRatio },
        recommendation:
          'Mark the function `warm: true` in the contracts (or raise its warmConcurrency to the concurrency it really sees), and check its bundle size and init time with `pnpm bench coldstart`.',
      });
    }
    const p95 = fn.latencyMs.p95;
    const isRoute = metrics.routes.some((route) => route.name === fn.name);
    if (!isRoute && fn.count >= MIN_REQUESTS_FOR_LATENCY && p95 !== null && p95 > thresholds.responseTimeMs) {
      findings.push({
        kind: 'slow-function',
        severity: twice(p95, thresholds.responseTimeMs),
        subject: fn.name,
        evidence: { p95Ms: p95, invocations: fn.count, targetMs: thresholds.responseTimeMs },
        recommendation: 'Profile the function; for a queue consumer, a smaller batch or more concurrency shortens the time messages wait.',
      });
    }
  }

  const namespaces = new Map<string, { tiers: Record<string, { hits: number; misses: number }> }>();
  for (const entry of metrics.cache) {
    const ns = namespaces.get(entry.namespace) ?? { tiers: {} };
    ns.tiers[entry.tier] = { hits: entry.hits, misses: entry.misses };
    namespaces.set(entry.namespace, ns);
  }
  for (const [namespace, ns] of namespaces) {
    const { lookups, hits, misses } = namespaceTotals(Object.entries(ns.tiers).map(([tier, counts]) => ({ tier, ...counts })));
    const hitRate = lookups > 0 ? hits / lookups : 1;
    if (lookups >= MIN_LOOKUPS_FOR_HIT_RATE && hitRate < thresholds.cacheHitRate) {
      findings.push({
        kind: 'low-cache-hit-rate',
        severity: hitRate < thresholds.cacheHitRate / 2 ? 'critical' : 'warning',
        subject: namespace,
        evidence: {
          hitRate: Math.round(hitRate * 10_000) / 10_000,
          hits,
          misses,
          lookups,
          threshold: thresholds.cacheHitRate,
          tiers: ns.tiers,
        },
        recommendation: `Hit rate ${(hitRate * 100).toFixed(1)}% is under ${(thresholds.cacheHitRate * 100).toFixed(0)}%: lengthen the namespace TTL in the contracts if the data allows, check that keys do not carry volatile parts (timestamps, unsorted query strings), and warm hot keys after invalidation.`,
      });
    }
  }

  for (const pool of metrics.pools) {
    const p99 = Math.max(
      0,
      ...metrics.containers.flatMap((c) => c.pools.filter((p) => p.name === pool.name).map((p) => p.acquireP99Ms ?? 0)),
    );
    if (pool.waiting > 0 || pool.waits > 0 || p99 > POOL_ACQUIRE_P99_WAIT_MS) {
      findings.push({
        kind: 'pool-waits',
        severity: pool.waiting > 0 ? 'critical' : 'warning',
        subject: pool.name,
        evidence: {
          waitingNow: pool.waiting,
          waits: pool.waits,
          waitMs: pool.waitMs,
          acquireP99Ms: p99,
          total: pool.total,
          idle: pool.idle,
          containers: pool.containers,
        },
        recommendation:
          'Callers wait for connections: shorten transactions, avoid holding a client across awaits of other I/O, or raise DATABASE_POOL_MAX within what RDS Proxy allows per container.',
      });
    }
  }

  for (const container of metrics.containers) {
    const percent = container.memoryLimitMb > 0 ? (container.rssMb / container.memoryLimitMb) * 100 : 0;
    if (percent > thresholds.memoryPercent) {
      findings.push({
        kind: 'high-memory',
        severity: percent > 95 ? 'critical' : 'warning',
        subject: `${container.functionName} (${container.id})`,
        evidence: {
          rssMb: container.rssMb,
          heapUsedMb: container.heapUsedMb,
          limitMb: container.memoryLimitMb,
          percent: Math.round(percent),
          threshold: thresholds.memoryPercent,
        },
        recommendation:
          'Raise the function memory in the contracts (it also buys CPU), or lower CACHE_MAX_SIZE / CACHE_MAX_BYTES for the in-process cache.',
      });
    }
  }

  for (const dlq of dlqs) {
    if (dlq.depth !== null && dlq.depth > 0) {
      findings.push({
        kind: 'dlq-depth',
        severity: dlq.depth >= DLQ_CRITICAL_DEPTH ? 'critical' : 'warning',
        subject: dlq.queue,
        evidence: { approximateMessages: dlq.depth },
        recommendation:
          'Messages failed every retry: read one from the DLQ, fix the cause, then redrive the DLQ to its source queue (SQS StartMessageMoveTask).',
      });
    }
  }

  const order = { critical: 0, warning: 1 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity] || a.kind.localeCompare(b.kind) || a.subject.localeCompare(b.subject));
  return {
    window: metrics.window,
    thresholds,
    findings,
    summary: {
      critical: findings.filter((f) => f.severity === 'critical').length,
      warning: findings.filter((f) => f.severity === 'warning').length,
    },
  };
}
