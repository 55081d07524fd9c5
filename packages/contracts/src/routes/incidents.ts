import type { RouteContract } from '../types';

/** Incidents routes (see the incidents service's README section). */
export const INCIDENTS_ROUTES = [] as const satisfies ReadonlyArray<RouteContract>;
