import { analyzeStalePaymentTables, busiestVendors, refreshAnalyticsViews } from '@roadcall/payments-svc/operator';
import { DEFAULT_SEARCH_LIMIT, DEFAULT_SEARCH_RADIUS_KM, vendorService } from '@roadcall/vendors-svc';
import { PREWARM_VENDORS } from './constants';
import { type DlqDepth, dlqDepths } from './dlq';

/** One optimize action: what it did, its measured effect, or why it failed (the others still run). */
export interface OptimizeAction<T> {
  readonly action: 'analyze' | 'refresh-views' | 'prewarm' | 'dlq';
  readonly ok: boolean;
  readonly durationMs: number;
  readonly result?: T;
  readonly error?: string;
}

export interface OptimizeReport {
  readonly startedAt: string;
  readonly actions: ReadonlyArray<OptimizeAction<unknown>>;
}

async function timed<T>(action: OptimizeAction<T>['action'], run: () => Promise<T>): Promise<OptimizeAction<T>> {
  const started = performance.now();
  try {
    const result = await run();
    return { action, ok: true, durationMs: Math.round(performance.now() - started), result };
  } catch (error) {
    return { action, ok: false, durationMs: Math.round(performance.now() - started), error: (error as Error).message || String(error) };
  }
}

/** Time of one call, ms (one decimal). */
async function measure(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return Math.round((performance.now() - started) * 10) / 10;
}

/**
 * Pre-warms the profiles of the busiest vendors (most paid, from the analytics view) and the
 * search cells around them, then reads each profile once more: the effect is the cache source
 * and latency of that read (`HIT-*` once warm) against the first.
 */
async function prewarm(limit: number): Promise<{
  vendors: number;
  profiles: Array<{ vendorId: string; before: string; after: string; firstMs: number; secondMs: number }>;
  searchCells: number;
}> {
  const ids = await busiestVendors(limit);
  const service = vendorService();
  const profiles: Array<{ vendorId: string; before: string; after: string; firstMs: number; secondMs: number }> = [];
  let searchCells = 0;
  for (const vendorId of ids) {
    let before = 'MISS';
    let after = 'MISS';
    try {
      let location: { lat: number; lon: number } | undefined;
      const firstMs = await measure(async () => {
        const first = await service.getProfile(vendorId);
        before = first.cache;
        location = first.value.location;
      });
      const secondMs = await measure(async () => {
        after = (await service.getProfile(vendorId)).cache;
      });
      profiles.push({ vendorId, before, after, firstMs, secondMs });
      if (location) {
        await service.search({ ...location, radiusKm: DEFAULT_SEARCH_RADIUS_KM, limit: DEFAULT_SEARCH_LIMIT });
        searchCells++;
      }
    } catch {
      // A vendor paid once and since removed: nothing to warm.
    }
  }
  return { vendors: ids.length, profiles, searchCells };
}

/**
 * POST /performance/optimize: real actions, each with what it did and its measured effect:
 * ANALYZE of tables with stale statistics (`last_analyze` before and after), a refresh of the
 * analytics views (each view's duration; their caches dropped), pre-warming of the busiest
 * vendors' profiles and search cells, and the DLQ items waiting per queue. One failing action
 * does not stop the others.
 */
export async function optimize(now: () => number = Date.now): Promise<OptimizeReport> {
  const startedAt = new Date(now()).toISOString();
  const analyze = await timed('analyze', analyzeStalePaymentTables);
  const refresh = await timed('refresh-views', refreshAnalyticsViews);
  const warm = await timed('prewarm', () => prewarm(PREWARM_VENDORS));
  const dlq = await timed('dlq', async (): Promise<{ total: number; queues: DlqDepth[] }> => {
    const queues = await dlqDepths();
    return { total: queues.reduce((sum, queue) => sum + (queue.depth ?? 0), 0), queues };
  });
  return { startedAt, actions: [analyze, refresh, warm, dlq] };
}
