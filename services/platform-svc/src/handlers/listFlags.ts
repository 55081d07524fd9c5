import { createHandler } from '@roadcall/utils/http';
import { listFlags } from '../flags';

/** GET /admin/flags (admin): every flag of the catalog, set or default. */
export const handler = createHandler({
  route: 'platform.listFlags',
  handle: async () => listFlags(),
});
