import { PAYMENTS_ROUTES } from '@roadcall/contracts';
import { ValidationError } from '@roadcall/utils';
import { getCache } from '@roadcall/utils/cache';
import { getPool, type Queryable } from '@roadcall/utils/db';
import { MAX_RANGE_DAYS, REFRESH_STATEMENT_TIMEOUT_MS } from './constants';
import type { RevenueQuery, TopVendorsQuery } from './schemas';
import type { RevenuePoint, RevenueReport, TopVendorsReport } from './types';

const DAY_MS = 86_400_000;

/** A database that can also run a transaction (the refresh sets a longer statement timeout). */
export interface AnalyticsDatabase extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: { statementTimeoutMs?: number }): Promise<T>;
}

/**
 * The cache namespaces of the routes that read the views (revenue, products, customers), from the
 * route contracts: a refresh drops them, so no answer is older than the views it came from.
 */
export const VIEW_CACHE_NAMESPACES: ReadonlyArray<string> = [
  ...new Set(PAYMENTS_ROUTES.flatMap((route) => ('cache' in route && route.cache ? [route.cache.namespace] : []))),
];

/** The raw aggregate the daily view precomputes (the benchmark's baseline, and a correctness check). */
export const RAW_DAILY_REVENUE_SQL = `
  SELECT (created_at AT TIME ZONE 'UTC')::date::text AS period, currency,
         count(*)::bigint AS payments, sum(amount_cents)::bigint AS revenue_cents
    FROM payments
   WHERE status = 'captured' AND created_at >= $1::date AT TIME ZONE 'UTC' AND created_at < ($2::date + 1) AT TIME ZONE 'UTC'
   GROUP BY 1, 2 ORDER BY 1, 2`;

/** The raw aggregate the per-vendor view precomputes. */
export const RAW_TOP_VENDORS_SQL = `
  SELECT vendor_id, currency, count(*)::bigint AS payments, sum(amount_cents)::bigint AS revenue_cents, max(created_at) AS last_payment_at
    FROM payments
   WHERE status = 'captured' AND currency = $1
   GROUP BY 1, 2 ORDER BY revenue_cents DESC, vendor_id LIMIT $2`;

const VIEW_DAILY_SQL = `
  SELECT day::text AS period, currency, payments, revenue_cents
    FROM analytics_revenue_daily
   WHERE day BETWEEN $1::date AND $2::date AND ($3::text IS NULL OR currency = $3)
   ORDER BY day, currency`;

const VIEW_HOURLY_SQL = `
  SELECT to_char(hour, 'YYYY-MM-DD"T"HH24:00:00"Z"') AS period, currency, payments, revenue_cents
    FROM analytics_volume_hourly
   WHERE hour >= $1::date AND hour < $2::date + 1 AND ($3::text IS NULL OR currency = $3)
   ORDER BY hour, currency`;

const VIEW_TOP_VENDORS_SQL = `
  SELECT vendor_id, currency, payments, revenue_cents, last_payment_at
    FROM analytics_revenue_by_vendor
   WHERE currency = $1
   ORDER BY revenue_cents DESC, vendor_id LIMIT $2`;

/**
 * Revenue analytics over the materialized views (refreshed every 5 minutes by the scheduled
 * job), so a year of revenue reads a few hundred rows instead of scanning every payment.
 */
export class AnalyticsService {
  readonly #db: AnalyticsDatabase;

  constructor(db: AnalyticsDatabase = getPool()) {
    this.#db = db;
  }

  /** Revenue per UTC day or hour and currency in [from, to] (inclusive dates), with totals per currency. */
  async revenue(query: RevenueQuery): Promise<RevenueReport> {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS + 1;
    if (days < 1)
      throw new ValidationError('`from` must not be after `to`', { details: [{ in: 'query', field: 'from', message: 'after to' }] });
    const maxDays = MAX_RANGE_DAYS[query.granularity];
    if (days > maxDays) {
      throw new ValidationError(`A ${query.granularity} series spans at most ${maxDays} days`, {
        details: [{ in: 'query', field: 'to', message: `range longer than ${maxDays} days` }],
      });
    }
    const sql = query.granularity === 'hour' ? VIEW_HOURLY_SQL : VIEW_DAILY_SQL;
    const [{ rows }, refreshedAt] = await Promise.all([
      this.#db.query<{ period: string; currency: string; payments: string; revenue_cents: string }>(sql, [
        query.from,
        query.to,
        query.currency ?? null,
      ]),
      this.#refreshedAt(query.granularity === 'hour' ? 'analytics_volume_hourly' : 'analytics_revenue_daily'),
    ]);
    const series: RevenuePoint[] = rows.map((row) => ({
      period: row.period,
      currency: row.currency,
      payments: Number(row.payments),
      revenueCents: Number(row.revenue_cents),
    }));
    const totals = new Map<string, { currency: string; payments: number; revenueCents: number }>();
    for (const point of series) {
      const total = totals.get(point.currency) ?? { currency: point.currency, payments: 0, revenueCents: 0 };
      total.payments += point.payments;
      total.revenueCents += point.revenueCents;
      totals.set(point.currency, total);
    }
    return {
      from: query.from,
      to: query.to,
      granularity: query.granularity,
      series,
      totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
      refreshedAt,
    };
  }

  /** Vendors by revenue in one currency, highest first. */
  async topVendors(query: TopVendorsQuery): Promise<TopVendorsReport> {
    const [{ rows }, refreshedAt] = await Promise.all([
      this.#db.query<{ vendor_id: string; currency: string; payments: string; revenue_cents: string; last_payment_at: Date }>(
        VIEW_TOP_VENDORS_SQL,
        [query.currency, query.limit],
      ),
      this.#refreshedAt('analytics_revenue_by_vendor'),
    ]);
    return {
      currency: query.currency,
      vendors: rows.map((row) => ({
        vendorId: row.vendor_id,
        currency: row.currency,
        payments: Number(row.payments),
        revenueCents: Number(row.revenue_cents),
        lastPaymentAt: row.last_payment_at.toISOString(),
      })),
      refreshedAt,
    };
  }

  /**
   * Refreshes the views CONCURRENTLY (readers never wait) through `refresh_analytics_views()`;
   * returns each view's duration. An overlapping run returns an empty list at once. After a
   * refresh that ran, the caches of the routes reading the views are dropped in every container
   * (`VIEW_CACHE_NAMESPACES`): a payment shows within one refresh, not one refresh plus a TTL.
   */
  async refresh(): Promise<Array<{ view: string; durationMs: number }>> {
    const rows = await this.#db.transaction(
      async (tx) =>
        (await tx.query<{ view_name: string; duration_ms: number }>('SELECT view_name, duration_ms FROM refresh_analytics_views()')).rows,
      { statementTimeoutMs: REFRESH_STATEMENT_TIMEOUT_MS },
    );
    if (rows.length > 0) await Promise.all(VIEW_CACHE_NAMESPACES.map((namespace) => getCache(namespace).invalidateNamespace()));
    return rows.map((row) => ({ view: row.view_name, durationMs: row.duration_ms }));
  }

  async #refreshedAt(view: string): Promise<string | null> {
    const { rows } = await this.#db.query<{ refreshed_at: Date }>('SELECT refreshed_at FROM analytics_refreshes WHERE view_name = $1', [
      view,
    ]);
    return rows[0]?.refreshed_at.toISOString() ?? null;
  }
}
