import { type Assignment, type AssignmentCache, assignmentFrom } from './assignment';
import { IncidentStore } from './store';

/**
 * The incident's active assignment: the Redis mirror, else the incidents table (and the mirror is
 * refilled). `undefined` when no vendor is active on it.
 *
 * @example
 * const assignment = await assignmentOf(incidentId, { cache, store });
 */
export async function assignmentOf(
  incidentId: string,
  deps: { readonly cache: AssignmentCache; readonly store?: IncidentStore },
): Promise<Assignment | undefined> {
  const cached = await deps.cache.get(incidentId);
  if (cached) return cached;
  const incident = await (deps.store ?? new IncidentStore()).get(incidentId, true);
  if (!incident) return undefined;
  const assignment = assignmentFrom(incident);
  if (assignment) await deps.cache.sync(incident);
  return assignment;
}
