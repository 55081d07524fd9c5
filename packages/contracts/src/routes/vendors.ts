import type { ResourceUse, RouteContract } from '../types';

/** Reads: the vendors table (through DAX in AWS) and Redis (geo index, caches). */
const READS: ResourceUse = {
  tables: [{ table: 'vendors', access: 'read' }],
  keyspaces: [{ keyspace: 'vendorsGeo', access: 'read' }],
  redis: true,
};
/** Writes: the table first (source of truth), then the geo index and cache purges in Redis. */
const WRITES: ResourceUse = {
  tables: [{ table: 'vendors', access: 'readwrite' }],
  keyspaces: [{ keyspace: 'vendorsGeo', access: 'readwrite' }],
  redis: true,
};

/** Vendors routes (see docs/vendors.md). */
export const VENDORS_ROUTES = [
  {
    id: 'vendors.search',
    method: 'GET',
    path: '/vendors/search',
    summary: 'Nearest vendors within radiusKm of lat/lon (optionally offering `service`), nearest first; cached 60 s per ~1 km cell.',
    service: 'vendors',
    handler: 'search',
    auth: 'user',
    warm: true,
    // The table is the fallback while the Redis geo index is down or rebuilding (byCell index).
    readsCache: ['vendor-search'],
    uses: READS,
  },
  {
    id: 'vendors.get',
    method: 'GET',
    path: '/vendors/{id}',
    summary: 'A vendor profile (X-Cache says which tier answered).',
    service: 'vendors',
    handler: 'get',
    auth: 'user',
    warm: true,
    cache: { namespace: 'vendor-profile', varyByUser: false, varyByQuery: false },
    uses: READS,
  },
  {
    id: 'vendors.list',
    method: 'GET',
    path: '/vendors',
    summary: 'Vendors in pages of `limit` (1-100, default 50), with a signed opaque `cursor`.',
    service: 'vendors',
    handler: 'list',
    auth: 'user',
    uses: READS,
  },
  {
    id: 'vendors.create',
    method: 'POST',
    path: '/vendors',
    summary: 'Creates a vendor (admins only); 409 when the id is taken.',
    service: 'vendors',
    handler: 'create',
    auth: 'admin',
    uses: WRITES,
  },
  {
    id: 'vendors.updateAvailability',
    method: 'PUT',
    path: '/vendors/{id}/availability',
    summary: 'Sets availability (and the services offered now): the vendor itself or an admin.',
    service: 'vendors',
    handler: 'updateAvailability',
    auth: 'user',
    uses: WRITES,
  },
  {
    id: 'vendors.updateLocation',
    method: 'PUT',
    path: '/vendors/{id}/location',
    summary: 'Moves the vendor: the vendor itself or an admin.',
    service: 'vendors',
    handler: 'updateLocation',
    auth: 'user',
    uses: WRITES,
  },
] as const satisfies ReadonlyArray<RouteContract>;
