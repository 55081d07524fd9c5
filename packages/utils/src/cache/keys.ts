import type { AuthContext } from '../auth';
import { CacheIsolationError } from './errors';

/** Every user-scoped key starts with this; per-user namespaces accept no other. */
export const USER_SCOPE_PREFIX = 'u:';

/** One key part, escaped so that no value can forge a separator (`:`) or a glob (`*?[]`). */
export function keyPart(part: string | number | boolean): string {
  const text = String(part);
  // Fast path: plain ids need no escaping.
  return /^[A-Za-z0-9_.~-]*$/.test(text)
    ? text
    : encodeURIComponent(text).replace(/[*?[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A shared (not per-user) key from parts, each escaped.
 *
 * @example
 * cache.getOrSet(cacheKey('vendor', vendorId), () => repo.get(vendorId));
 */
export function cacheKey(...parts: ReadonlyArray<string | number | boolean>): string {
  return parts.map(keyPart).join(':');
}

/**
 * A key scoped by the caller (tenant and user): one user's entry can never be served to another,
 * because no other caller can produce this key. Per-user namespaces (`perUser` in the contracts)
 * reject keys not made here.
 *
 * @example
 * cache.getOrSet(userScopedKey(auth, 'integrations'), () => integrations.list(auth.userId));
 */
export function userScopedKey(
  auth: Pick<AuthContext, 'userId' | 'tenantId'> | undefined,
  ...parts: ReadonlyArray<string | number | boolean>
): string {
  if (!auth?.userId) throw new CacheIsolationError('A user-scoped cache key needs an authenticated caller');
  const head = `${USER_SCOPE_PREFIX}${keyPart(auth.tenantId ?? '')}:${keyPart(auth.userId)}`;
  return parts.length === 0 ? head : `${head}:${cacheKey(...parts)}`;
}

/** The glob matching every key of one user (for invalidating all of a user's entries). */
export function userScopePattern(auth: Pick<AuthContext, 'userId' | 'tenantId'>): string {
  return `${userScopedKey(auth)}:*`;
}

/** A stable key part for a query object: keys sorted, repeated values kept in order. */
export function queryKey(query: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | null | undefined): string {
  if (!query) return '';
  const names = Object.keys(query)
    .filter((name) => query[name] !== undefined)
    .sort();
  const pairs: string[] = [];
  for (const name of names) {
    const value = query[name];
    for (const item of Array.isArray(value) ? value : [value])
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  return keyPart(pairs.join('&'));
}

/** True when a key was made by {@link userScopedKey}. */
export function isUserScopedKey(key: string): boolean {
  return key.startsWith(USER_SCOPE_PREFIX);
}
