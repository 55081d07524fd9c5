import { createHandler } from '@roadcall/utils/http';
import { JobsService, jobIdPath } from '../service';

const service = new JobsService();

/** GET /jobs/{id}: the job (owner or admin, else 404), with a fresh download link when done. */
export const handler = createHandler({
  route: 'jobs.get',
  path: jobIdPath,
  handle: async ({ path, auth }) => service.get(auth, path.id),
});
