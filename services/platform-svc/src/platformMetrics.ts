import { type IncidentActivity, incidentActivity } from '@roadcall/incidents-svc/facts';
import { revenueBetween } from '@roadcall/payments-svc/operator';
import { getCache } from '@roadcall/utils/cache';
import { type MetroSupply, vendorService, vendorSupplyByMetro } from '@roadcall/vendors-svc';

/** The window the platform metrics cover. */
export const PLATFORM_METRICS_WINDOW_HOURS = 24;

/** The one entry of the platform-metrics namespace (the same for every admin). */
export const PLATFORM_METRICS_CACHE_KEY = 'last-24h';

export interface PlatformMetrics {
  readonly window: { readonly from: string; readonly to: string };
  readonly incidents: IncidentActivity;
  readonly revenue: ReadonlyArray<{ currency: string; payments: number; revenueCents: number }>;
  readonly vendors: { readonly total: number; readonly available: number; readonly byMetro: ReadonlyArray<MetroSupply> };
  readonly computedAt: string;
}

/**
 * Platform metrics over the last 24 hours, each part from its owner's narrow interface:
 * incidents (counts by status and service type, time to assignment), revenue captured (payments,
 * live from PostgreSQL), vendor supply per metro (vendors table). Cached 5 minutes in the
 * platform-metrics namespace: one computation per five minutes for every admin and container.
 *
 * @example
 * const metrics = await platformMetrics(); // { incidents: { total, byStatus, assignmentSeconds }, revenue, vendors: { byMetro } }
 */
export function platformMetrics(now: () => number = Date.now): Promise<PlatformMetrics> {
  return getCache('platformMetrics').getOrSet(PLATFORM_METRICS_CACHE_KEY, async () => {
    const to = new Date(now());
    const from = new Date(to.getTime() - PLATFORM_METRICS_WINDOW_HOURS * 3_600_000);
    const [incidents, revenue, byMetro] = await Promise.all([
      incidentActivity(from.toISOString()),
      revenueBetween(from, to),
      vendorSupplyByMetro(vendorService()),
    ]);
    return {
      window: { from: from.toISOString(), to: to.toISOString() },
      incidents,
      revenue,
      vendors: {
        total: byMetro.reduce((sum, metro) => sum + metro.vendors, 0),
        available: byMetro.reduce((sum, metro) => sum + metro.available, 0),
        byMetro,
      },
      computedAt: new Date(now()).toISOString(),
    };
  });
}
