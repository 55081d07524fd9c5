import { createHandler } from '@roadcall/utils/http';
import { pageSizeSchema } from '@roadcall/utils/pagination';
import * as z from 'zod/mini';
import { listAdminActions } from '../audit/log';

/** GET /admin/audit?limit&cursor (admin): admin actions, newest first, signed cursor pages. */
export const handler = createHandler({
  route: 'platform.auditLog',
  query: z.object({ limit: pageSizeSchema, cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(1000))) }),
  handle: async ({ query }) => listAdminActions(query.limit, query.cursor),
});
