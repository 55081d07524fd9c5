import { createHandler } from '@roadcall/utils/http';
import { InsightsService } from '../insights';
import { serviceTypesQuery } from '../schemas';

let service: InsightsService | undefined;

/** GET /analytics/service-types?currency (admin; cached in the products namespace by the route's policy). */
export const handler = createHandler({
  route: 'payments.serviceTypes',
  query: serviceTypesQuery,
  handle: async ({ query }) => {
    service ??= new InsightsService();
    return service.serviceTypes(query);
  },
});
