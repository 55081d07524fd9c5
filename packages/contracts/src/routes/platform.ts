import type { RouteContract } from '../types';

/** Platform routes: health and (admin) performance monitoring. */
export const PLATFORM_ROUTES = [
  {
    id: 'platform.health',
    method: 'GET',
    path: '/health',
    summary: 'Checks DynamoDB, Redis, PostgreSQL and SQS; 200 with each status and latency, or 503 naming what is down.',
    service: 'platform',
    handler: 'health',
    auth: 'public',
    uses: { tables: [{ table: 'cache', access: 'read' }], queues: [{ queue: 'jobsNormal', access: 'send' }], redis: true, database: true },
  },
] as const satisfies ReadonlyArray<RouteContract>;
