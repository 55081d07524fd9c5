import { createHandler } from '@roadcall/utils/http';
import { toPage } from '@roadcall/utils/pagination';
import { decodeListCursor, encodeListCursor } from '../cursor';
import { vendorService } from '../runtime';
import { listQuery } from '../schemas';

/** GET /vendors?cursor&limit: a page of vendors and the signed cursor of the next one. */
export const handler = createHandler({
  route: 'vendors.list',
  query: listQuery,
  handle: async ({ query }) => {
    const startKey = query.cursor ? await decodeListCursor(query.cursor) : undefined;
    const page = await vendorService().list({ limit: query.limit, startKey });
    return toPage(page.items, page.lastKey ? await encodeListCursor(page.lastKey) : null);
  },
});
