import { ENV, LIVE_EVENTS, type LiveEventAudience } from '@roadcall/contracts';

/** The keyspace prefix (EVENTS_KEY_PREFIX, read at each use so tests can isolate a run). */
export function eventsKeyPrefix(): string {
  return process.env[ENV.eventsKeyPrefix] || LIVE_EVENTS.keyPrefix;
}

/**
 * The capped Redis stream of one audience: `<prefix>:user:<userId>` or `<prefix>:admins`. One key
 * per command everywhere, so the keyspace works unchanged on Redis Cluster.
 *
 * @example
 * audienceKey({ user: 'u-1' }); // 'roadcall:events:user:u-1'
 */
export function audienceKey(audience: LiveEventAudience, prefix = eventsKeyPrefix()): string {
  return audience === 'admins' ? `${prefix}:admins` : `${prefix}:user:${audience.user}`;
}

/** How many messages an audience's stream keeps. */
export function audienceMaxLength(audience: LiveEventAudience): number {
  return audience === 'admins' ? LIVE_EVENTS.maxLength.admins : LIVE_EVENTS.maxLength.user;
}
