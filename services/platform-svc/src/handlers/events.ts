import { createLiveEventsHandler } from '../events/handler';

/** GET /events: the caller's live Server-Sent Events channel (admins also get system alerts). */
export const handler = createLiveEventsHandler();
