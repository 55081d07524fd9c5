import type { ResourceUse, RouteContract } from '../types';

/** Payments live in Aurora PostgreSQL (through RDS Proxy in AWS). */
const DATABASE: ResourceUse = { database: true };
/** Analytics read the materialized views and cache answers in memory and Redis. */
const ANALYTICS: ResourceUse = { database: true, redis: true };

/** Payments and revenue analytics routes (see docs/database.md). */
export const PAYMENTS_ROUTES = [
  {
    id: 'payments.createPayment',
    method: 'POST',
    path: '/payments',
    summary:
      "Records a payment for the caller's completed incident, to the incident's vendor (integer amountCents, ISO 4217 currency); someone else's or an unknown incident is a 404, one not completed a 409. Idempotency-Key header required: the same key returns the same payment (200, Idempotent-Replayed), a different body with it is a 422.",
    service: 'payments',
    handler: 'createPayment',
    auth: 'user',
    // Read on the incidents table is for the incidents service's own code, bundled into this
    // function (`@roadcall/incidents-svc/facts`, readIncidentFacts): ownership stays with
    // incidents, which alone knows the table's shape; payments calls its port, never the table.
    uses: { database: true, tables: [{ table: 'incidents', access: 'read' }] },
  },
  {
    id: 'payments.getPayment',
    method: 'GET',
    path: '/payments/{id}',
    summary: 'A payment, for its owner or an admin (404 for anyone else: existence does not leak).',
    service: 'payments',
    handler: 'getPayment',
    auth: 'user',
    uses: DATABASE,
  },
  {
    id: 'payments.listPayments',
    method: 'GET',
    path: '/payments',
    summary:
      "The caller's payments (an admin's: everyone's), newest first, in pages of `limit` (1-100, default 20) with a signed opaque `cursor`.",
    service: 'payments',
    handler: 'listPayments',
    auth: 'user',
    uses: DATABASE,
  },
  {
    id: 'payments.revenue',
    method: 'GET',
    path: '/analytics/revenue',
    summary:
      'Revenue per UTC day (or hour: granularity=hour) and currency between `from` and `to` (YYYY-MM-DD, inclusive), from the materialized views; cached with the revenue TTL.',
    service: 'payments',
    handler: 'revenue',
    auth: 'admin',
    // Admin-only and the same for every admin: keyed by the query, not the caller.
    cache: { namespace: 'revenue', varyByUser: false, varyByQuery: true },
    uses: ANALYTICS,
  },
  {
    id: 'payments.topVendors',
    method: 'GET',
    path: '/analytics/vendors/top',
    summary: 'Vendors by revenue in a currency (default USD), highest first, `limit` 1-100 (default 10); cached with the revenue TTL.',
    service: 'payments',
    handler: 'topVendors',
    auth: 'admin',
    cache: { namespace: 'revenue', varyByUser: false, varyByQuery: true },
    uses: ANALYTICS,
  },
  {
    id: 'payments.serviceTypes',
    method: 'GET',
    path: '/analytics/service-types',
    summary:
      'Performance per service type (towing, jumpstart, ...) in a currency (default USD): payments, revenue, average and median ticket, vendors, drivers, share of revenue; from the materialized views, cached with the products TTL and dropped at each refresh.',
    service: 'payments',
    handler: 'serviceTypes',
    auth: 'admin',
    cache: { namespace: 'products', varyByUser: false, varyByQuery: true },
    uses: ANALYTICS,
  },
  {
    id: 'payments.drivers',
    method: 'GET',
    path: '/analytics/drivers',
    summary:
      'Driver behaviour in a currency (default USD): segments (one-time, repeat, frequent) and the top `limit` drivers by spend with refunds, service types used, first and last payment; cached with the customers TTL and dropped at each refresh.',
    service: 'payments',
    handler: 'drivers',
    auth: 'admin',
    cache: { namespace: 'customers', varyByUser: false, varyByQuery: true },
    uses: ANALYTICS,
  },
] as const satisfies ReadonlyArray<RouteContract>;
