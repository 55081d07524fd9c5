import { createHandler } from '@roadcall/utils/http';
import { analyticsService } from '../runtime';
import { topVendorsQuery } from '../schemas';

/** GET /analytics/vendors/top[?currency][&limit] (admin; cached by the route's policy). */
export const handler = createHandler({
  route: 'payments.topVendors',
  query: topVendorsQuery,
  handle: async ({ query }) => {
    return analyticsService().topVendors(query);
  },
});
