import { getPool, type Queryable } from '@roadcall/utils/db';
import type { DriversQuery, ServiceTypesQuery } from './schemas';

/** Performance of one service type in one currency (analytics_service_type_performance). */
export interface ServiceTypePerformance {
  readonly serviceType: string;
  readonly currency: string;
  readonly payments: number;
  readonly revenueCents: number;
  readonly avgTicketCents: number;
  readonly medianTicketCents: number;
  readonly vendors: number;
  readonly drivers: number;
  /** Share of the currency's revenue, 0..1 (analytics_service_type_share()). */
  readonly revenueShare: number;
  readonly lastPaymentAt: string;
}

/** One driver's behaviour in one currency (analytics_driver_behaviour). */
export interface DriverBehaviour {
  readonly driverId: string;
  readonly payments: number;
  readonly spendCents: number;
  readonly refunds: number;
  readonly serviceTypes: number;
  readonly firstPaymentAt: string;
  readonly lastPaymentAt: string;
}

const SERVICE_TYPES_SQL = `
  SELECT v.service_type, v.currency, v.payments, v.revenue_cents, v.avg_ticket_cents, v.median_ticket_cents,
         v.vendors, v.drivers, v.last_payment_at, s.revenue_share
    FROM analytics_service_type_performance v
    JOIN analytics_service_type_share($1) s USING (service_type)
   WHERE v.currency = $1
   ORDER BY v.revenue_cents DESC, v.service_type`;

const TOP_DRIVERS_SQL = `
  SELECT driver_id, payments, spend_cents, refunds, service_types, first_payment_at, last_payment_at
    FROM analytics_driver_behaviour
   WHERE currency = $1 AND payments > 0
   ORDER BY spend_cents DESC, driver_id LIMIT $2`;

const n = (value: string | number): number => Number(value);

/**
 * Service-type and driver analytics over the materialized views (refreshed with the revenue ones)
 * and the metric functions of migration 0003.
 */
export class InsightsService {
  readonly #db: Queryable;

  constructor(db: Queryable = getPool()) {
    this.#db = db;
  }

  /** Every service type's revenue, ticket sizes, reach and share in one currency, biggest first. */
  async serviceTypes(
    query: ServiceTypesQuery,
  ): Promise<{ currency: string; serviceTypes: ServiceTypePerformance[]; refreshedAt: string | null }> {
    const [{ rows }, refreshedAt] = await Promise.all([
      this.#db.query<Record<string, string | Date>>(SERVICE_TYPES_SQL, [query.currency]),
      this.#refreshedAt('analytics_service_type_performance'),
    ]);
    return {
      currency: query.currency,
      serviceTypes: rows.map((row) => ({
        serviceType: row.service_type as string,
        currency: row.currency as string,
        payments: n(row.payments as string),
        revenueCents: n(row.revenue_cents as string),
        avgTicketCents: n(row.avg_ticket_cents as string),
        medianTicketCents: n(row.median_ticket_cents as string),
        vendors: n(row.vendors as string),
        drivers: n(row.drivers as string),
        revenueShare: n(row.revenue_share as string),
        lastPaymentAt: (row.last_payment_at as Date).toISOString(),
      })),
      refreshedAt,
    };
  }

  /** Driver segments (one-time, repeat, frequent) and the top drivers by spend in one currency. */
  async drivers(query: DriversQuery): Promise<{
    currency: string;
    segments: Array<{ segment: string; drivers: number; spendCents: number }>;
    top: DriverBehaviour[];
    refreshedAt: string | null;
  }> {
    const [segments, top, refreshedAt] = await Promise.all([
      this.#db.query<{ segment: string; drivers: string; spend_cents: string }>('SELECT * FROM analytics_driver_segments($1)', [
        query.currency,
      ]),
      this.#db.query<Record<string, string | Date>>(TOP_DRIVERS_SQL, [query.currency, query.limit]),
      this.#refreshedAt('analytics_driver_behaviour'),
    ]);
    return {
      currency: query.currency,
      segments: segments.rows.map((row) => ({ segment: row.segment, drivers: n(row.drivers), spendCents: n(row.spend_cents) })),
      top: top.rows.map((row) => ({
        driverId: row.driver_id as string,
        payments: n(row.payments as string),
        spendCents: n(row.spend_cents as string),
        refunds: n(row.refunds as string),
        serviceTypes: n(row.service_types as string),
        firstPaymentAt: (row.first_payment_at as Date).toISOString(),
        lastPaymentAt: (row.last_payment_at as Date).toISOString(),
      })),
      refreshedAt,
    };
  }

  /** Revenue captured in [from, to) per currency, live (analytics_revenue_between(); the partial index). */
  async revenueBetween(from: Date, to: Date): Promise<Array<{ currency: string; payments: number; revenueCents: number }>> {
    const { rows } = await this.#db.query<{ currency: string; payments: string; revenue_cents: string }>(
      'SELECT currency, payments, revenue_cents FROM analytics_revenue_between($1, $2)',
      [from, to],
    );
    return rows.map((row) => ({ currency: row.currency, payments: n(row.payments), revenueCents: n(row.revenue_cents) }));
  }

  async #refreshedAt(view: string): Promise<string | null> {
    const { rows } = await this.#db.query<{ refreshed_at: Date }>('SELECT refreshed_at FROM analytics_refreshes WHERE view_name = $1', [
      view,
    ]);
    return rows[0]?.refreshed_at.toISOString() ?? null;
  }
}
