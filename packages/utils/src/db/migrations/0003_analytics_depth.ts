import type { Migration } from './types';

/**
 * Analytics depth (docs/database.md, "Analytics"): the service type a payment paid for; views of
 * performance per service type and of driver behaviour; SQL functions for the metrics the routes
 * read; a partial covering index for live revenue over a time window (measured with EXPLAIN in
 * docs/database.md); the refresh function extended to the new views.
 */
export const analyticsDepthMigration: Migration = {
  id: '0003_analytics_depth',
  description:
    'service_type on payments; views per service type and per driver; metric functions; partial index; refresh of all five views',
  sql: `
-- The incident's service type when the payment was made (payments before this column: NULL, shown as 'unknown').
ALTER TABLE payments ADD COLUMN service_type text CHECK (service_type IS NULL OR service_type ~ '^[a-z_]{1,40}$');

-- Live revenue over a window reads captured rows only, and only these columns: an index-only scan.
-- Refunds are rare, so the partial index is nearly the full index's size for captured rows and
-- answers without touching the heap (figures: docs/database.md).
CREATE INDEX payments_captured_created_idx ON payments (created_at) INCLUDE (currency, amount_cents) WHERE status = 'captured';

CREATE MATERIALIZED VIEW analytics_service_type_performance AS
  SELECT coalesce(service_type, 'unknown')            AS service_type,
         currency,
         count(*)::bigint                              AS payments,
         sum(amount_cents)::bigint                     AS revenue_cents,
         round(avg(amount_cents))::bigint              AS avg_ticket_cents,
         percentile_disc(0.5) WITHIN GROUP (ORDER BY amount_cents)::bigint AS median_ticket_cents,
         count(DISTINCT vendor_id)::bigint             AS vendors,
         count(DISTINCT user_id)::bigint               AS drivers,
         max(created_at)                               AS last_payment_at
    FROM payments
   WHERE status = 'captured'
   GROUP BY 1, 2;
CREATE UNIQUE INDEX analytics_service_type_performance_key ON analytics_service_type_performance (service_type, currency);

CREATE MATERIALIZED VIEW analytics_driver_behaviour AS
  SELECT user_id                                       AS driver_id,
         currency,
         count(*) FILTER (WHERE status = 'captured')::bigint                        AS payments,
         coalesce(sum(amount_cents) FILTER (WHERE status = 'captured'), 0)::bigint  AS spend_cents,
         count(*) FILTER (WHERE status = 'refunded')::bigint                        AS refunds,
         count(DISTINCT service_type)::bigint          AS service_types,
         min(created_at)                               AS first_payment_at,
         max(created_at)                               AS last_payment_at
    FROM payments
   GROUP BY 1, 2;
CREATE UNIQUE INDEX analytics_driver_behaviour_key ON analytics_driver_behaviour (driver_id, currency);
CREATE INDEX analytics_driver_behaviour_top_idx ON analytics_driver_behaviour (currency, spend_cents DESC);

-- Revenue captured in [p_from, p_to) per currency, live from payments (the partial index above).
CREATE FUNCTION analytics_revenue_between(p_from timestamptz, p_to timestamptz)
RETURNS TABLE (currency text, payments bigint, revenue_cents bigint)
LANGUAGE sql STABLE AS $fn$
  SELECT p.currency::text, count(*)::bigint, sum(p.amount_cents)::bigint
    FROM payments p
   WHERE p.status = 'captured' AND p.created_at >= p_from AND p.created_at < p_to
   GROUP BY 1 ORDER BY 1
$fn$;

-- Drivers by how often they paid (one-time, repeat: 2-4, frequent: 5+), from the behaviour view.
CREATE FUNCTION analytics_driver_segments(p_currency text)
RETURNS TABLE (segment text, drivers bigint, spend_cents bigint)
LANGUAGE sql STABLE AS $fn$
  SELECT s.segment, count(*)::bigint, coalesce(sum(s.spend_cents), 0)::bigint
    FROM (SELECT CASE WHEN payments >= 5 THEN 'frequent' WHEN payments >= 2 THEN 'repeat' ELSE 'one-time' END AS segment, spend_cents
            FROM analytics_driver_behaviour
           WHERE currency = p_currency AND payments > 0) s
   GROUP BY 1 ORDER BY 1
$fn$;

-- Each service type's share of a currency's revenue (0..1), from the service-type view.
CREATE FUNCTION analytics_service_type_share(p_currency text)
RETURNS TABLE (service_type text, revenue_share numeric)
LANGUAGE sql STABLE AS $fn$
  SELECT v.service_type, round(v.revenue_cents::numeric / nullif(sum(v.revenue_cents) OVER (), 0), 4)
    FROM analytics_service_type_performance v
   WHERE v.currency = p_currency
   ORDER BY 2 DESC, 1
$fn$;

CREATE OR REPLACE FUNCTION refresh_analytics_views() RETURNS TABLE (view_name text, duration_ms integer)
LANGUAGE plpgsql AS $fn$
DECLARE
  v       text;
  started timestamptz;
BEGIN
  -- One refresh at a time: an overlapping scheduled run has nothing to add.
  IF NOT pg_try_advisory_xact_lock(hashtext('roadcall:refresh_analytics_views')) THEN
    RETURN;
  END IF;
  FOREACH v IN ARRAY ARRAY['analytics_revenue_daily', 'analytics_revenue_by_vendor', 'analytics_volume_hourly',
                           'analytics_service_type_performance', 'analytics_driver_behaviour'] LOOP
    started := clock_timestamp();
    EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', v);
    view_name := v;
    duration_ms := (extract(epoch FROM clock_timestamp() - started) * 1000)::integer;
    INSERT INTO analytics_refreshes AS r (view_name, refreshed_at, duration_ms)
         VALUES (v, clock_timestamp(), refresh_analytics_views.duration_ms)
    ON CONFLICT ON CONSTRAINT analytics_refreshes_pkey
      DO UPDATE SET refreshed_at = EXCLUDED.refreshed_at, duration_ms = EXCLUDED.duration_ms;
    RETURN NEXT;
  END LOOP;
END
$fn$;

INSERT INTO analytics_refreshes (view_name, refreshed_at, duration_ms)
     VALUES ('analytics_service_type_performance', now(), 0), ('analytics_driver_behaviour', now(), 0);
`,
};
