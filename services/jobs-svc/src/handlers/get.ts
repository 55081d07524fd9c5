import { createHandler } from '@roadcall/utils/http';
import { jobsService } from '../runtime';
import { jobIdPath } from '../schemas';

/** GET /jobs/{id}: the job (owner or admin, else 404), with a fresh download link when done. */
export const handler = createHandler({
  route: 'jobs.get',
  path: jobIdPath,
  handle: async ({ path, auth }) => jobsService().get(auth, path.id),
});
