import { accepted, createHandler } from '@roadcall/utils/http';
import { registry } from '../processors';
import { createJobBody, JobSubmitter } from '../submit';

const submitter = new JobSubmitter(registry);

/** POST /jobs: validates the job against its type, stores it queued, enqueues it by priority; 202. */
export const handler = createHandler({
  route: 'jobs.create',
  body: createJobBody,
  handle: async ({ body, auth }) => accepted(await submitter.create(auth, body)),
});
