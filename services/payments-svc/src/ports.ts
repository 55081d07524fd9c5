/**
 * What the payments service needs from other services, as narrow interfaces implemented through
 * their owners' public faces. Payments never read the incidents table: the incidents service
 * answers who reported an incident, who serves it and where it stands.
 */
import { type IncidentFacts, type IncidentFactsReader, readIncidentFacts } from '@roadcall/incidents-svc/facts';

export type { IncidentFacts, IncidentFactsReader };

/**
 * The incidents service's facts reader (a consistent read by the owner).
 *
 * @example
 * const facts = await incidentFacts(incidentId); // undefined when there is no such incident
 */
export const incidentFacts: IncidentFactsReader = readIncidentFacts;
