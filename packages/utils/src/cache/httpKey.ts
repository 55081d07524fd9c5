import { type CacheNamespace, findCacheNamespace, type RouteCachePolicy, type RouteContract } from '@roadcall/contracts';
import type { AuthContext } from '../auth';
import { CacheConfigError } from './errors';
import { cacheKey, queryKey, userScopedKey } from './keys';

/** What an HTTP cache key is built from besides the route (the parts the policy asks for). */
export interface HttpCacheKeyParts {
  /** Path parameters by template name (`event.pathParameters`): every `{name}` of the route path. */
  readonly pathParameters?: Readonly<Record<string, string | undefined>> | null;
  /** The query, used only when the policy has `varyByQuery` (absent = no query). */
  readonly query?: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | null;
  /** The caller, required when the policy has `varyByUser` or its namespace is per user. */
  readonly auth?: Pick<AuthContext, 'userId' | 'tenantId'>;
}

/** `{name}` and greedy `{name+}` segments of a route template. */
const TEMPLATE_PARAMETER = /\{([^}+]+)\+?\}/g;

/** True when the policy's entries are per caller (`varyByUser`, or a per-user namespace). */
export function httpCacheVariesByUser(policy: RouteCachePolicy): boolean {
  const namespace: CacheNamespace | undefined = findCacheNamespace(policy.namespace);
  return policy.varyByUser || namespace?.perUser === true;
}

/**
 * The key of a route's HTTP cache entry: route id + the route template with its path parameters
 * filled in (each URI-encoded, so a value cannot forge a segment) + the sorted query when the
 * policy has `varyByQuery` + the caller's tenant and user when it varies by user. Built from the
 * template rather than `event.path`, so an API Gateway base-path mapping (`/v1/vendors/42`) or a
 * stage prefix does not change it, and a service can compute the same key to purge the entry.
 *
 * @example
 * // Purge GET /vendors/{id} after an update (its namespace is the route's `cache.namespace`):
 * await getCache('vendorProfile').delete(httpCacheKey(routeById('vendors.get'), { pathParameters: { id } }));
 */
export function httpCacheKey(route: Pick<RouteContract, 'id' | 'path' | 'cache'>, parts: HttpCacheKeyParts = {}): string {
  const policy = route.cache;
  if (!policy) throw new CacheConfigError(`Route ${route.id} has no cache policy`);
  const parameters = parts.pathParameters ?? {};
  const path = route.path.replace(TEMPLATE_PARAMETER, (_match, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new CacheConfigError(`Route ${route.id}: path parameter "${name}" is missing for its cache key`);
    return encodeURIComponent(value);
  });
  const keyParts = [route.id, path];
  if (policy.varyByQuery) keyParts.push(queryKey(parts.query));
  return httpCacheVariesByUser(policy) ? userScopedKey(parts.auth, ...keyParts) : cacheKey(...keyParts);
}
