import type { ResourceUse, RouteContract } from '../types';

const READ: ResourceUse = {
  tables: [{ table: 'incidents', access: 'read' }],
  keyspaces: [{ keyspace: 'incidents', access: 'read' }],
  redis: true,
};
const WRITE: ResourceUse = {
  tables: [{ table: 'incidents', access: 'readwrite' }],
  keyspaces: [{ keyspace: 'incidents', access: 'readwrite' }],
  redis: true,
};
/** Accept and status changes claim and release the vendor's capacity through the vendors service. */
const WRITE_WITH_CAPACITY: ResourceUse = { ...WRITE, invokes: ['vendors.capacity'] };

/**
 * Incidents routes (docs/incidents.md). Access is decided per incident in the service: its driver,
 * its assigned vendor, a vendor holding an open offer, or an admin; anyone else gets 404.
 */
export const INCIDENTS_ROUTES = [
  {
    id: 'incidents.me',
    method: 'GET',
    path: '/me',
    summary:
      "The caller's own summary: profile (from the token), the vehicles of their recent incidents and their active incident (drivers), open offers (vendors). Cached per user in the `me` namespace; dropped when one of their incidents changes.",
    service: 'incidents',
    handler: 'me',
    auth: 'user',
    readsCache: ['me'],
    uses: READ,
  },
  {
    id: 'incidents.create',
    method: 'POST',
    path: '/incidents',
    summary:
      'A driver reports an incident (location, service type, vehicle, description); 201 at once, vendor matching starts through SQS.',
    service: 'incidents',
    handler: 'create',
    auth: 'user',
    uses: { tables: [{ table: 'incidents', access: 'write' }], queues: [{ queue: 'incidentMatching', access: 'send' }] },
    warm: true,
  },
  {
    id: 'incidents.list',
    method: 'GET',
    path: '/incidents',
    summary: "The caller's own incidents, newest first (`status`, `limit`, signed `cursor`).",
    service: 'incidents',
    handler: 'list',
    auth: 'user',
    uses: { tables: [{ table: 'incidents', access: 'read' }] },
  },
  {
    id: 'incidents.offers',
    method: 'GET',
    path: '/incidents/offers',
    summary: "The calling vendor's open offers (incidents it may accept now).",
    service: 'incidents',
    handler: 'offers',
    auth: 'user',
    uses: READ,
  },
  {
    id: 'incidents.get',
    method: 'GET',
    path: '/incidents/{id}',
    summary: 'One incident, for its driver, its assigned vendor, a vendor holding an offer, or an admin (404 for anyone else).',
    service: 'incidents',
    handler: 'get',
    auth: 'user',
    uses: { tables: [{ table: 'incidents', access: 'read' }] },
  },
  {
    id: 'incidents.accept',
    method: 'PUT',
    path: '/incidents/{id}/accept',
    summary: 'A vendor holding an open offer takes the incident: the first accept wins (conditional write), later ones get 409.',
    service: 'incidents',
    handler: 'accept',
    auth: 'user',
    uses: WRITE_WITH_CAPACITY,
    warm: true,
  },
  {
    id: 'incidents.updateStatus',
    method: 'PUT',
    path: '/incidents/{id}/status',
    summary: 'en_route, arrived, completed (the assigned vendor) or cancelled (the driver); each a conditional write, illegal moves 409.',
    service: 'incidents',
    handler: 'updateStatus',
    auth: 'user',
    uses: WRITE_WITH_CAPACITY,
  },
] as const satisfies ReadonlyArray<RouteContract>;
