import { createEventsHandler } from '../eventsHandler';
import { JobStore } from '../store';

/** GET /jobs/{id}/events: Server-Sent Events of one job (owner or admin, else 404). */
export const handler = createEventsHandler(new JobStore());
