import { createHandler } from '@roadcall/utils/http';
import { JobsService, jobIdPath } from '../service';

const service = new JobsService();

/** DELETE /jobs/{id}: cancels a queued or running job; 409 once it has ended. */
export const handler = createHandler({
  route: 'jobs.cancel',
  path: jobIdPath,
  handle: async ({ path, auth }) => service.cancel(auth, path.id),
});
