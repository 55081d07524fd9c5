import type { RouteAuth, RouteContract } from '../types';
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

/** Every route contract with its literal types (id, auth), for types keyed by route. */
type AnyRoute =
  | (typeof PLATFORM_ROUTES)[number]
  | (typeof VENDORS_ROUTES)[number]
  | (typeof INCIDENTS_ROUTES)[number]
  | (typeof TRACKING_ROUTES)[number]
  | (typeof PAYMENTS_ROUTES)[number]
  | (typeof JOBS_ROUTES)[number];

/** The id of a route in the contracts (`vendors.get`, ...). */
export type RouteId = AnyRoute['id'];

/**
 * The auth level the contracts give route `Id` (`public`, `user` or `admin`): the handler wrapper
 * types the caller by it, so a non-public route's handler never sees an undefined caller.
 *
 * @example
 * type A = RouteAuthOf<'vendors.get'>; // 'user'
 */
export type RouteAuthOf<Id extends string> = Id extends RouteId ? Extract<AnyRoute, { readonly id: Id }>['auth'] : RouteAuth;

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
