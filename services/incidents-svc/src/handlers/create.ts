import { created, createHandler } from '@roadcall/utils/http';
import { incidentService } from '../runtime';
import { newIncidentSchema } from '../schemas';

/** POST /incidents: a driver reports an incident; 201 at once, matching runs through SQS. */
export const handler = createHandler({
  route: 'incidents.create',
  body: newIncidentSchema,
  handle: async ({ auth, body }) => {
    const incident = await incidentService().create(auth, body);
    return created(incident, `/incidents/${incident.incidentId}`);
  },
});
