import { createHandler } from '@roadcall/utils/http';
import { clearCache, clearCacheBody } from '../performance/clearCache';

/** POST /performance/cache/clear { pattern | namespace | tag } (admin). */
export const handler = createHandler({
  route: 'platform.clearCache',
  body: clearCacheBody,
  handle: async ({ body, logger }) => {
    const result = await clearCache(body);
    logger.info('cache cleared', { ...result.cleared, removed: result.removed });
    return result;
  },
});
