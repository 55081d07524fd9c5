import { createHandler } from '@roadcall/utils/http';
import { actorOf } from '../actor';
import { recordAdminAction } from '../audit/log';
import { setCacheEntryBody, writeCacheEntry } from '../performance/cacheEntry';

/** PUT /performance/cache/entry { namespace, key, value, tags? } (admin, audited). */
export const handler = createHandler({
  route: 'platform.setCacheEntry',
  body: setCacheEntryBody,
  handle: async ({ body, auth }) => {
    const entry = await writeCacheEntry(body);
    await recordAdminAction({
      actor: actorOf(auth),
      action: 'cache.set',
      subject: `${entry.namespace}:${entry.key}`,
      details: { ttlSeconds: entry.ttlSeconds, tags: entry.tags },
    });
    return entry;
  },
});
