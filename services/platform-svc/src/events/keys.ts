import { ENV, LIVE_EVENTS, type LiveEventAudience } from '@roadcall/contracts';
import { stage } from '@roadcall/utils/config';

/**
 * The keyspace prefix, `rc:<stage>:events` like every keyspace (EVENTS_KEY_PREFIX replaces it,
 * read at each use so tests can isolate a run).
 *
 * @example
 * eventsKeyPrefix(); // 'rc:dev:events' with STAGE=dev
 */
export function eventsKeyPrefix(): string {
  return process.env[ENV.eventsKeyPrefix] || `rc:${stage()}:${LIVE_EVENTS.keyPrefix}`;
}

/**
 * The capped Redis stream of one audience: `<prefix>:user:<userId>` or `<prefix>:admins`. One key
 * per command everywhere, so the keyspace works unchanged on Redis Cluster.
 *
 * @example
 * audienceKey({ user: 'u-1' }); // 'rc:dev:events:user:u-1' with STAGE=dev
 */
export function audienceKey(audience: LiveEventAudience, prefix = eventsKeyPrefix()): string {
  return audience === 'admins' ? `${prefix}:admins` : `${prefix}:user:${audience.user}`;
}

/** How many messages an audience's stream keeps. */
export function audienceMaxLength(audience: LiveEventAudience): number {
  return audience === 'admins' ? LIVE_EVENTS.maxLength.admins : LIVE_EVENTS.maxLength.user;
}
