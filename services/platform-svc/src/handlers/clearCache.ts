import { createHandler } from '@roadcall/utils/http';
import { actorOf } from '../actor';
import { recordAdminAction } from '../audit/log';
import { clearCache, clearCacheBody } from '../performance/clearCache';

/** POST /performance/cache/clear { pattern | namespace | tag | all: true } (admin, audited); no selector is a 400. */
export const handler = createHandler({
  route: 'platform.clearCache',
  body: clearCacheBody,
  handle: async ({ body, auth, logger }) => {
    const result = await clearCache(body);
    logger.info('cache cleared', { ...result.cleared, removed: result.removed });
    await recordAdminAction({
      actor: actorOf(auth),
      action: 'cache.clear',
      subject: result.cleared.by === 'namespace' ? result.cleared.value : result.cleared.by,
      details: { ...result.cleared, namespaces: result.namespaces.length, removed: result.removed },
    });
    return result;
  },
});
