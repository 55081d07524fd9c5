import type { RouteContract } from '../types';

/** Jobs routes (see the jobs service's README section). */
export const JOBS_ROUTES = [] as const satisfies ReadonlyArray<RouteContract>;
