import { CACHE_NAMESPACES, findCacheNamespace } from '@roadcall/contracts';
import { NotFoundError, ValidationError } from '@roadcall/utils';
import { type CacheInspection, getCache } from '@roadcall/utils/cache';
import * as z from 'zod/mini';

const namespaceField = z.string().check(z.minLength(1), z.maxLength(100));
const keyField = z.string().check(z.minLength(1), z.maxLength(500));

export const cacheEntryQuery = z.object({ namespace: namespaceField, key: keyField });

/** Largest value an admin may set (bytes of JSON): entries are small answers, not blobs. */
export const MAX_ENTRY_VALUE_BYTES = 64 * 1024;

export const setCacheEntryBody = z.strictObject({
  namespace: namespaceField,
  key: keyField,
  value: z.unknown(),
  tags: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(200))).check(z.maxLength(20))),
});

/**
 * Namespaces whose entries have a writer of their own that PUT /performance/cache/entry must not
 * bypass: the flags' values are checked against the catalog by PUT /admin/flags (a forged entry
 * reaches matching and breaks GET /admin/flags), and the audit log's pages must show only the
 * actions that were recorded.
 */
const OWN_WRITER: Readonly<Record<string, string>> = {
  [CACHE_NAMESPACES.featureFlags.name]: 'PUT /admin/flags/{name}',
  [CACHE_NAMESPACES.auditLogs.name]: 'the audit log itself (recorded actions only)',
};

function namespaceOf(name: string): (typeof CACHE_NAMESPACES)[keyof typeof CACHE_NAMESPACES] {
  const spec = findCacheNamespace(name);
  if (!spec)
    throw new ValidationError(`Unknown cache namespace "${name}"`, {
      details: { known: Object.values(CACHE_NAMESPACES).map((ns) => ns.name) },
    });
  return spec;
}

/** One entry: tiers holding it, value, TTL left, age, tags; 404 when no tier has it. */
export async function readCacheEntry(query: z.infer<typeof cacheEntryQuery>): Promise<CacheInspection> {
  const spec = namespaceOf(query.namespace);
  const found = await getCache(spec.name).inspect(query.key);
  if (!found) throw new NotFoundError(`No entry "${query.key}" in ${spec.name}`);
  return found;
}

/**
 * Sets one entry in every tier of its namespace (and drops other containers' copies), with the
 * namespace's TTL (so its age reads true: the wire format keeps the expiry only). Per-user
 * namespaces are refused (an admin must not write into one user's answers), and so are those with
 * a writer of their own ({@link OWN_WRITER}).
 */
export async function writeCacheEntry(body: z.infer<typeof setCacheEntryBody>): Promise<CacheInspection> {
  const spec = namespaceOf(body.namespace);
  if ('perUser' in spec && spec.perUser)
    throw new ValidationError(`${spec.name} is per user: its entries are written by the owning user's requests only`);
  const writer = OWN_WRITER[spec.name];
  if (writer) throw new ValidationError(`${spec.name} entries are written by ${writer} only`);
  if (body.value === undefined) throw new ValidationError('`value` is required');
  if (Buffer.byteLength(JSON.stringify(body.value)) > MAX_ENTRY_VALUE_BYTES)
    throw new ValidationError(`\`value\` is over ${MAX_ENTRY_VALUE_BYTES} bytes of JSON`);
  const cache = getCache(spec.name);
  await cache.set(body.key, body.value, { tags: body.tags });
  return (await cache.inspect(body.key)) as CacheInspection;
}
