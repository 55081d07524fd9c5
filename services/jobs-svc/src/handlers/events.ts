import { createEventsHandler } from '../eventsHandler';
import { jobStore } from '../runtime';

/** GET /jobs/{id}/events: Server-Sent Events of one job (owner or admin, else 404). */
export const handler = createEventsHandler(jobStore());
