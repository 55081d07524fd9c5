import { CACHE_NAMESPACES, findCacheNamespace } from '@roadcall/contracts';
import { ValidationError } from '@roadcall/utils';
import { getCache } from '@roadcall/utils/cache';
import * as z from 'zod/mini';

/** Exactly one of pattern (a Redis glob over cache keys), namespace, or tag. */
export const clearCacheBody = z
  .strictObject({
    pattern: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    namespace: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    tag: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  })
  .check(
    z.refine((body) => [body.pattern, body.namespace, body.tag].filter((value) => value !== undefined).length === 1, {
      message: 'Give exactly one of pattern, namespace or tag',
    }),
  );

export type ClearCacheRequest = z.infer<typeof clearCacheBody>;

export interface ClearCacheResult {
  readonly cleared: { readonly by: 'pattern' | 'namespace' | 'tag'; readonly value: string };
  readonly namespaces: string[];
  /** Redis entries removed (L1 copies in every container drop on the invalidation message). */
  readonly removed: number | null;
}

/**
 * Invalidates across every tier and container through the tiered cache's own operations: a
 * namespace as a whole; a pattern or a tag in every namespace (keys are namespaced, so a pattern
 * matches within each).
 */
export async function clearCache(request: ClearCacheRequest): Promise<ClearCacheResult> {
  if (request.namespace !== undefined) {
    const spec = findCacheNamespace(request.namespace);
    if (!spec)
      throw new ValidationError(`Unknown cache namespace "${request.namespace}"`, {
        details: { known: Object.values(CACHE_NAMESPACES).map((ns) => ns.name) },
      });
    await getCache(spec.name).invalidateNamespace();
    return { cleared: { by: 'namespace', value: spec.name }, namespaces: [spec.name], removed: null };
  }
  const names = Object.values(CACHE_NAMESPACES).map((ns) => ns.name);
  const by = request.pattern !== undefined ? 'pattern' : 'tag';
  const value = (request.pattern ?? request.tag) as string;
  const counts = await Promise.all(
    names.map((name) => (by === 'pattern' ? getCache(name).invalidatePattern(value) : getCache(name).invalidateTag(value))),
  );
  return { cleared: { by, value }, namespaces: names, removed: counts.reduce((sum, count) => sum + count, 0) };
}
