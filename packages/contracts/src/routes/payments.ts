import type { RouteContract } from '../types';

/** Payments routes (see the payments service's README section). */
export const PAYMENTS_ROUTES = [] as const satisfies ReadonlyArray<RouteContract>;
