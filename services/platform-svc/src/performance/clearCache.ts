import { CACHE_NAMESPACES, findCacheNamespace } from '@roadcall/contracts';
import { ValidationError } from '@roadcall/utils';
import { getCache } from '@roadcall/utils/cache';
import * as z from 'zod/mini';

/**
 * Exactly one selector: pattern, namespace, tag, or `{ "all": true }` for every namespace. Clearing
 * everything is never the default: an empty POST (a script whose body went missing) is a 400.
 */
export const clearCacheBody = z
  .strictObject({
    pattern: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    namespace: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
    tag: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    all: z.optional(z.literal(true)),
  })
  .check(
    z.refine((body) => [body.pattern, body.namespace, body.tag, body.all].filter((value) => value !== undefined).length === 1, {
      message: 'Give exactly one of pattern, namespace or tag, or { "all": true } to clear every namespace',
    }),
  );

export type ClearCacheRequest = z.infer<typeof clearCacheBody>;

export interface ClearCacheResult {
  readonly cleared: { readonly by: 'all' | 'pattern' | 'namespace' | 'tag'; readonly value: string };
  readonly namespaces: string[];
  /** Redis entries removed (L1 copies in every container drop on the invalidation message); null when not counted. */
  readonly removed: number | null;
}

const ALL_NAMES = (): string[] => Object.values(CACHE_NAMESPACES).map((ns) => ns.name);

function unknownNamespace(name: string): ValidationError {
  return new ValidationError(`Unknown cache namespace "${name}"`, { details: { known: ALL_NAMES() } });
}

/**
 * Splits a pattern as the source systems write them: `revenue:*` is the glob `*` in the revenue
 * namespace (its name or key before the first colon); a pattern whose head names no namespace
 * (`vendor:*`) is a bare glob over the keys of every namespace.
 *
 * @example
 * scopedPattern('revenue:*');    // { namespaces: ['revenue'], glob: '*' }
 * scopedPattern('vendor:v-1*');  // { namespaces: [every name], glob: 'vendor:v-1*' }
 */
export function scopedPattern(pattern: string): { namespaces: string[]; glob: string } {
  const colon = pattern.indexOf(':');
  const head = colon > 0 ? findCacheNamespace(pattern.slice(0, colon)) : undefined;
  if (head && colon < pattern.length - 1) return { namespaces: [head.name], glob: pattern.slice(colon + 1) };
  return { namespaces: ALL_NAMES(), glob: pattern };
}

/**
 * Invalidates across every tier and container through the tiered cache's own operations: every
 * namespace (`all: true`), a namespace as a whole, a pattern (`namespace:glob` or a bare glob),
 * or a tag in every namespace. A request with no selector clears nothing (400).
 *
 * @example
 * await clearCache({ namespace: 'vendor-profile' }); // { cleared: { by: 'namespace', value: 'vendor-profile' }, ... }
 * await clearCache({ all: true });                   // every namespace
 */
export async function clearCache(request: ClearCacheRequest): Promise<ClearCacheResult> {
  if (request.namespace !== undefined) {
    const spec = findCacheNamespace(request.namespace);
    if (!spec) throw unknownNamespace(request.namespace);
    await getCache(spec.name).invalidateNamespace();
    return { cleared: { by: 'namespace', value: spec.name }, namespaces: [spec.name], removed: null };
  }
  if (request.pattern !== undefined) {
    const { namespaces, glob } = scopedPattern(request.pattern);
    const counts = await Promise.all(namespaces.map((name) => getCache(name).invalidatePattern(glob)));
    return { cleared: { by: 'pattern', value: request.pattern }, namespaces, removed: counts.reduce((sum, count) => sum + count, 0) };
  }
  if (request.tag !== undefined) {
    const names = ALL_NAMES();
    const counts = await Promise.all(names.map((name) => getCache(name).invalidateTag(request.tag as string)));
    return { cleared: { by: 'tag', value: request.tag }, namespaces: names, removed: counts.reduce((sum, count) => sum + count, 0) };
  }
  if (request.all !== true)
    throw new ValidationError('Give exactly one of pattern, namespace or tag, or { "all": true } to clear every namespace');
  const names = ALL_NAMES();
  await Promise.all(names.map((name) => getCache(name).invalidateNamespace()));
  return { cleared: { by: 'all', value: '*' }, namespaces: names, removed: null };
}
