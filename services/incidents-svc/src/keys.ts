import { stage } from '@roadcall/utils/config';

/**
 * Redis key layout of incidents, under `rc:<stage>:inc`. Keys about one incident carry the hash
 * tag `{<incidentId>}` (tracking's keys use the same tag), so in Redis Cluster a location update's
 * script can read the assignment and write the position in one slot.
 *
 *   rc:<stage>:inc:{<incidentId>}:assign   HASH vendorId, driverId, status, lat, lon (tracking reads it)
 *   rc:<stage>:inc:offers:{<vendorId>}     ZSET incidentId -> offer expiry (epoch ms)
 *   rc:<stage>:inc:offers                  pub/sub channel: one JSON message per offer round
 */
export const incidentKeys = {
  assignment: (incidentId: string): string => `rc:${stage()}:inc:{${incidentId}}:assign`,
  vendorOffers: (vendorId: string): string => `rc:${stage()}:inc:offers:{${vendorId}}`,
  offerChannel: (): string => `rc:${stage()}:inc:offers`,
};
