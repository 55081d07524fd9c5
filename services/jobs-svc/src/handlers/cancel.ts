import { createHandler } from '@roadcall/utils/http';
import { jobsService } from '../runtime';
import { jobIdPath } from '../schemas';

/** DELETE /jobs/{id}: cancels a queued or running job; 409 once it has ended. */
export const handler = createHandler({
  route: 'jobs.cancel',
  path: jobIdPath,
  handle: async ({ path, auth }) => jobsService().cancel(auth, path.id),
});
