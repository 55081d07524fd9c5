import { JobStore } from '@roadcall/utils/jobs';
import { createEventsHandler } from '../eventsHandler';

/** GET /jobs/{id}/events: Server-Sent Events of one job (owner or admin, else 404). */
export const handler = createEventsHandler(new JobStore());
