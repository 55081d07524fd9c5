import type { Migration } from './types';

/**
 * Revenue analytics as materialized views, each with the unique index REFRESH ... CONCURRENTLY
 * needs (readers are never blocked by a refresh). Buckets are UTC whatever the session time
 * zone. `refresh_analytics_views()` refreshes all three and records when; a second concurrent
 * call returns at once instead of queueing behind the first.
 */
export const analyticsMigration: Migration = {
  id: '0002_analytics',
  description: 'materialized views: daily revenue, revenue per vendor, hourly volume; refresh function',
  sql: `
CREATE MATERIALIZED VIEW analytics_revenue_daily AS
  SELECT (created_at AT TIME ZONE 'UTC')::date AS day,
         currency,
         count(*)::bigint          AS payments,
         sum(amount_cents)::bigint AS revenue_cents
    FROM payments
   WHERE status = 'captured'
   GROUP BY 1, 2;
CREATE UNIQUE INDEX analytics_revenue_daily_key ON analytics_revenue_daily (day, currency);

CREATE MATERIALIZED VIEW analytics_revenue_by_vendor AS
  SELECT vendor_id,
         currency,
         count(*)::bigint          AS payments,
         sum(amount_cents)::bigint AS revenue_cents,
         max(created_at)           AS last_payment_at
    FROM payments
   WHERE status = 'captured'
   GROUP BY 1, 2;
CREATE UNIQUE INDEX analytics_revenue_by_vendor_key ON analytics_revenue_by_vendor (vendor_id, currency);
CREATE INDEX analytics_revenue_by_vendor_top_idx ON analytics_revenue_by_vendor (currency, revenue_cents DESC);

CREATE MATERIALIZED VIEW analytics_volume_hourly AS
  SELECT date_trunc('hour', created_at AT TIME ZONE 'UTC') AS hour,
         currency,
         count(*)::bigint          AS payments,
         sum(amount_cents)::bigint AS revenue_cents
    FROM payments
   WHERE status = 'captured'
   GROUP BY 1, 2;
CREATE UNIQUE INDEX analytics_volume_hourly_key ON analytics_volume_hourly (hour, currency);

CREATE TABLE analytics_refreshes (
  view_name    text        PRIMARY KEY,
  refreshed_at timestamptz NOT NULL,
  duration_ms  integer     NOT NULL
);

CREATE FUNCTION refresh_analytics_views() RETURNS TABLE (view_name text, duration_ms integer)
LANGUAGE plpgsql AS $fn$
DECLARE
  v       text;
  started timestamptz;
BEGIN
  -- One refresh at a time: an overlapping scheduled run has nothing to add.
  IF NOT pg_try_advisory_xact_lock(hashtext('roadcall:refresh_analytics_views')) THEN
    RETURN;
  END IF;
  FOREACH v IN ARRAY ARRAY['analytics_revenue_daily', 'analytics_revenue_by_vendor', 'analytics_volume_hourly'] LOOP
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
     VALUES ('analytics_revenue_daily', now(), 0), ('analytics_revenue_by_vendor', now(), 0), ('analytics_volume_hourly', now(), 0);
`,
};
