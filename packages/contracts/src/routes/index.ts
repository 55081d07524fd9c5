import type { RouteContract } from '../types';
import { INCIDENTS_ROUTES } from './incidents';
import { JOBS_ROUTES } from './jobs';
import { PAYMENTS_ROUTES } from './payments';
import { PLATFORM_ROUTES } from './platform';
import { TRACKING_ROUTES } from './tracking';
import { VENDORS_ROUTES } from './vendors';

/** Every API route, in one list. Each service keeps its own file so that they grow apart. */
export const ROUTES: ReadonlyArray<RouteContract> = [
  ...PLATFORM_ROUTES,
  ...VENDORS_ROUTES,
  ...INCIDENTS_ROUTES,
  ...TRACKING_ROUTES,
  ...PAYMENTS_ROUTES,
  ...JOBS_ROUTES,
];

export { INCIDENTS_ROUTES, JOBS_ROUTES, PAYMENTS_ROUTES, PLATFORM_ROUTES, TRACKING_ROUTES, VENDORS_ROUTES };

/**
 * The route with this id; throws when there is none, so a handler bound to a removed route fails
 * at module load (and in its tests), not at request time.
 */
export function routeById(id: string): RouteContract {
  const route = ROUTES.find((candidate) => candidate.id === id);
  if (!route) throw new Error(`No route with id "${id}" in @roadcall/contracts`);
  return route;
}
