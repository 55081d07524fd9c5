import { stage } from '@roadcall/utils/config';

/**
 * Redis key layout of tracking, under `rc:<stage>:trk`. Per-incident keys carry the hash tag
 * `{<incidentId>}`, the same as the incident's assignment mirror, so one script can check the
 * assignment and store the position in one Redis Cluster slot.
 *
 *   rc:<stage>:trk:{<incidentId>}:latest   STRING JSON of the latest position (TTL 24 h)
 *   rc:<stage>:trk:{<incidentId>}:buf      LIST "<seq>|<JSON>" history points not yet in DynamoDB
 *   rc:<stage>:trk:{<incidentId>}:flush    STRING the flusher's lock (PX)
 *   rc:<stage>:trk:rl:{<vendorId>}         STRING fixed-window update counter (TTL = the window)
 */
export const trackingKeys = {
  latest: (incidentId: string): string => `rc:${stage()}:trk:{${incidentId}}:latest`,
  buffer: (incidentId: string): string => `rc:${stage()}:trk:{${incidentId}}:buf`,
  /** Point numbers of an incident (a counter; the history's sort key needs them unique). */
  seq: (incidentId: string): string => `rc:${stage()}:trk:{${incidentId}}:seq`,
  flushLock: (incidentId: string): string => `rc:${stage()}:trk:{${incidentId}}:flush`,
  rate: (vendorId: string): string => `rc:${stage()}:trk:rl:{${vendorId}}`,
  /** SCAN pattern of every history buffer (Redis globs treat braces literally). */
  bufferPattern: (): string => `rc:${stage()}:trk:{*}:buf`,
  incidentOfBuffer: (key: string): string | undefined => /:trk:\{([^}]+)\}:buf$/.exec(key)?.[1],
};
