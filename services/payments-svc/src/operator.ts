/**
 * The payments service's operator interface for the platform (`@roadcall/payments-svc/operator`):
 * the PostgreSQL maintenance and analytics the platform's operator routes run. Only payments
 * knows its schema; others call these.
 */
import { AnalyticsService } from './analytics';
import { InsightsService } from './insights';
import { type AnalyzedTable, analyzeStaleTables } from './maintenance';

export type { AnalyzedTable };

let analytics: AnalyticsService | undefined;
let insights: InsightsService | undefined;

/**
 * ANALYZE of the tables and views whose statistics went stale (the daily schedule's work).
 *
 * @example
 * const analyzed = await analyzeStalePaymentTables(); // [{ table, modifiedSinceAnalyze, lastAnalyzeAfter, durationMs }]
 */
export function analyzeStalePaymentTables(): Promise<AnalyzedTable[]> {
  return analyzeStaleTables();
}

/** Refreshes the analytics views now (and drops the caches that read them); each view's duration. */
export function refreshAnalyticsViews(): Promise<Array<{ view: string; durationMs: number }>> {
  analytics ??= new AnalyticsService();
  return analytics.refresh();
}

/** Revenue captured in [from, to) per currency, live. */
export function revenueBetween(from: Date, to: Date): Promise<Array<{ currency: string; payments: number; revenueCents: number }>> {
  insights ??= new InsightsService();
  return insights.revenueBetween(from, to);
}

/** The vendors paid most often (the analytics view): the platform's busiest vendors. */
export async function busiestVendors(limit: number, currency = 'USD'): Promise<string[]> {
  analytics ??= new AnalyticsService();
  const report = await analytics.topVendors({ currency, limit });
  return report.vendors.map((vendor) => vendor.vendorId);
}
