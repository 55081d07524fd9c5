import { createHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { actorOf } from '../actor';
import { deleteFlag } from '../flags';

/** DELETE /admin/flags/{name} (admin, audited): readers fall back to their defaults. */
export const handler = createHandler({
  route: 'platform.deleteFlag',
  path: z.object({ name: z.string().check(z.minLength(1), z.maxLength(100)) }),
  handle: async ({ path, auth }) => deleteFlag(path.name, actorOf(auth)),
});
