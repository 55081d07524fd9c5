import { createHandler } from '@roadcall/utils/http';
import { JobsService, listJobsQuery } from '../service';

const service = new JobsService();

/** GET /jobs?status&cursor&limit: the caller's jobs, newest first, signed cursor paging. */
export const handler = createHandler({
  route: 'jobs.list',
  query: listJobsQuery,
  handle: async ({ query, auth }) => service.list(auth, query),
});
