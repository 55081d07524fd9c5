import { createHandler } from '@roadcall/utils/http';
import * as z from 'zod/mini';
import { actorOf } from '../actor';
import { setFlag } from '../flags';

/** PUT /admin/flags/{name} { value } (admin, audited). */
export const handler = createHandler({
  route: 'platform.setFlag',
  path: z.object({ name: z.string().check(z.minLength(1), z.maxLength(100)) }),
  // The value's shape depends on the flag: checked against its catalog entry by the service.
  body: z.strictObject({ value: z.union([z.number(), z.boolean(), z.array(z.number())]) }),
  handle: async ({ path, body, auth }) => setFlag(path.name, body.value, actorOf(auth)),
});
