import type { Redis } from 'ioredis';
import { ACTIVE_ASSIGNMENT_STATUSES, ASSIGNMENT_TTL_SECONDS, type IncidentStatus } from './constants';
import { incidentKeys } from './keys';
import type { Incident } from './types';

/** Who is on an incident and where the driver waits: what tracking checks on every update. */
export interface Assignment {
  readonly incidentId: string;
  readonly vendorId: string;
  readonly driverId: string;
  readonly status: IncidentStatus;
  readonly lat: number;
  readonly lon: number;
}

/** The narrow Redis client the assignment cache needs. */
export type AssignmentRedis = Pick<Redis, 'multi' | 'del' | 'hgetall'>;

/**
 * The incident's assignment mirrored into Redis while a vendor is on the job, so a location update
 * (100,000+ a minute) checks "is this vendor assigned?" in the same Redis script that stores the
 * position, instead of reading DynamoDB each time. The incidents table stays the source of truth:
 * a miss falls back to it ({@link assignmentOf}), and a terminal status deletes the mirror.
 *
 * @example
 * await new AssignmentCache(redisClient()).sync(updatedIncident);
 */
export class AssignmentCache {
  readonly #redis: AssignmentRedis;

  constructor(redis: AssignmentRedis) {
    this.#redis = redis;
  }

  /** Mirrors the incident's assignment (or removes it once no vendor is active on it). */
  async sync(incident: Incident): Promise<void> {
    const key = incidentKeys.assignment(incident.incidentId);
    const assignment = assignmentFrom(incident);
    if (!assignment) {
      await this.#redis.del(key);
      return;
    }
    const { incidentId: _, ...fields } = assignment;
    await this.#redis
      .multi()
      .hset(key, Object.fromEntries(Object.entries(fields).map(([field, value]) => [field, String(value)])))
      .expire(key, ASSIGNMENT_TTL_SECONDS)
      .exec();
  }

  async get(incidentId: string): Promise<Assignment | undefined> {
    const fields = await this.#redis.hgetall(incidentKeys.assignment(incidentId));
    if (!fields.vendorId || !fields.driverId || !fields.status) return undefined;
    return {
      incidentId,
      vendorId: fields.vendorId,
      driverId: fields.driverId,
      status: fields.status as IncidentStatus,
      lat: Number(fields.lat),
      lon: Number(fields.lon),
    };
  }
}

/** The assignment an incident implies, if a vendor is active on it. */
export function assignmentFrom(incident: Incident): Assignment | undefined {
  if (!incident.vendorId || !ACTIVE_ASSIGNMENT_STATUSES.includes(incident.status)) return undefined;
  return {
    incidentId: incident.incidentId,
    vendorId: incident.vendorId,
    driverId: incident.driverId,
    status: incident.status,
    lat: incident.location.lat,
    lon: incident.location.lon,
  };
}
