import { accepted, createHandler } from '@roadcall/utils/http';
import { jobSubmitter } from '../runtime';
import { createJobBody } from '../schemas';

/** POST /jobs: validates the job against its type, stores it queued, enqueues it by priority; 202. */
export const handler = createHandler({
  route: 'jobs.create',
  body: createJobBody,
  handle: async ({ body, auth }) => accepted(await jobSubmitter().create(auth, body)),
});
