import type { RouteContract } from '../types';

/** Tracking routes (docs/incidents.md, "Tracking"). */
export const TRACKING_ROUTES = [
  {
    id: 'tracking.updateLocation',
    method: 'PUT',
    path: '/tracking/{incidentId}/location',
    summary: 'The assigned vendor reports its position: latest in Redis, history to DynamoDB in batches; rate-limited per vendor (429).',
    service: 'tracking',
    handler: 'updateLocation',
    auth: 'user',
    uses: {
      tables: [
        { table: 'incidents', access: 'read' },
        { table: 'trackingHistory', access: 'write' },
      ],
      // incidents (read): whether the vendor may report, asked through the incidents service's public face.
      keyspaces: [
        { keyspace: 'incidents', access: 'read' },
        { keyspace: 'tracking', access: 'readwrite' },
      ],
      redis: true,
    },
    warm: true,
    warmConcurrency: 5,
  },
  {
    id: 'tracking.get',
    method: 'GET',
    path: '/tracking/{incidentId}',
    summary: "The vendor's latest position, its distance to the driver and a simple ETA, for the driver (or an admin, or the vendor).",
    service: 'tracking',
    handler: 'get',
    auth: 'user',
    uses: {
      tables: [{ table: 'incidents', access: 'read' }],
      // incidents (read): who may read, asked through the incidents service's public face.
      keyspaces: [
        { keyspace: 'incidents', access: 'read' },
        { keyspace: 'tracking', access: 'read' },
      ],
      redis: true,
    },
  },
] as const satisfies ReadonlyArray<RouteContract>;
