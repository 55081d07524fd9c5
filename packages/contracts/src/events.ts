import type { ServiceName } from './types';

/**
 * The live events channel (`GET /events`, docs/events.md): one Server-Sent Events stream per user.
 * Its Redis keyspace (capped streams per audience) has one owner, the platform service; every
 * other service publishes through the owner's narrow interface (`@roadcall/platform-svc/events`).
 */

/** Message types of the channel; the SSE `event:` field carries one of these. */
export const LIVE_EVENT_TYPES = ['job_progress', 'job_complete', 'job_failed', 'system_alert', 'analytics_update'] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/**
 * Who receives a message. `user`: one user's own messages (their jobs); `admins`: every admin
 * (system alerts, and analytics updates: the analytics routes are admin-only). A driver's or
 * vendor's channel reads only its own `user` stream.
 */
export type LiveEventAudience = { readonly user: string } | 'admins';

/**
 * The channel's settings. Its keys live under `rc:<stage>:<keyPrefix>` (the `liveEvents` entry of
 * `REDIS_KEYSPACES`), built by the owner's `audienceKey` only.
 *
 * @example
 * // A driver who reconnects within maxLength messages of their own stream loses none.
 * const resumable = LIVE_EVENTS.maxLength.user; // 500
 */
export const LIVE_EVENTS = {
  /** The service that owns the keyspace (and serves GET /events). */
  owner: 'platform' as ServiceName,
  /** Key prefix under `rc:<stage>:` (EVENTS_KEY_PREFIX replaces the whole prefix, e.g. per test run). */
  keyPrefix: 'events',
  /**
   * Messages each audience stream keeps (XADD MAXLEN ~): a client that reconnects within this many
   * messages resumes with `Last-Event-ID` and loses none; further back it gets a `resync` event.
   */
  maxLength: { user: 500, admins: 2_000 },
  /** An idle user stream expires after this (every publish renews it). */
  streamTtlSeconds: 24 * 60 * 60,
  /** How often an open channel reads its streams (the job stream's cadence). */
  pollMs: 500,
  /** A channel is closed after this; EventSource reconnects with Last-Event-ID and loses nothing. */
  maxDurationSeconds: 5 * 60,
} as const;
