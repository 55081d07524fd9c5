import { createHandler } from '@roadcall/utils/http';
import { InsightsService } from '../insights';
import { driversQuery } from '../schemas';

let service: InsightsService | undefined;

/** GET /analytics/drivers?currency&limit (admin; cached in the customers namespace by the route's policy). */
export const handler = createHandler({
  route: 'payments.drivers',
  query: driversQuery,
  handle: async ({ query }) => {
    service ??= new InsightsService();
    return service.drivers(query);
  },
});
