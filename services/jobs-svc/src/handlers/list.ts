import { createHandler } from '@roadcall/utils/http';
import { jobsService } from '../runtime';
import { listJobsQuery } from '../schemas';

/** GET /jobs?status&cursor&limit: the caller's jobs, newest first, signed cursor paging. */
export const handler = createHandler({
  route: 'jobs.list',
  query: listJobsQuery,
  handle: async ({ query, auth }) => jobsService().list(auth, query),
});
