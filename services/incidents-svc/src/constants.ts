/**
 * Named limits and the status flow of an incident. The flow is data: the service turns each legal
 * move into a conditional write, so an illegal one fails in DynamoDB itself (409), never by a
 * read-then-write race.
 */

/** Every status an incident can be in. */
export const INCIDENT_STATUSES = ['created', 'matching', 'assigned', 'en_route', 'arrived', 'completed', 'cancelled', 'escalated'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Statuses in which a vendor is on the job (tracking is open). */
export const ACTIVE_ASSIGNMENT_STATUSES: ReadonlyArray<IncidentStatus> = ['assigned', 'en_route', 'arrived'];

/** Statuses after which nothing changes any more. */
export const TERMINAL_STATUSES: ReadonlyArray<IncidentStatus> = ['completed', 'cancelled'];

/** Who may make a move through `PUT /incidents/{id}/status`. */
export type TransitionActor = 'vendor' | 'driver';

/**
 * Moves a caller may request, with the statuses they may start from. `created -> matching`,
 * `matching -> assigned` (accept) and `matching -> escalated` are the system's and the accept
 * route's, not this table's.
 */
export const CALLER_TRANSITIONS = {
  en_route: { from: ['assigned'], actor: 'vendor' },
  arrived: { from: ['en_route'], actor: 'vendor' },
  completed: { from: ['arrived'], actor: 'vendor' },
  cancelled: { from: ['created', 'matching', 'escalated', 'assigned', 'en_route'], actor: 'driver' },
} as const satisfies Record<string, { from: ReadonlyArray<IncidentStatus>; actor: TransitionActor }>;
export type CallerTargetStatus = keyof typeof CALLER_TRANSITIONS;

/**
 * Service types an incident can ask for. The vendors service owns this list
 * (`VENDOR_SERVICE_TYPES`); it is repeated here because incidents validate requests before any
 * vendor lookup and must not import the vendors package's whole runtime to do it.
 */
export const SERVICE_TYPES = ['towing', 'jumpstart', 'tire', 'lockout', 'fuel', 'winch'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** Vendors whose distances differ by less than this are ranked by rating instead. */
export const DISTANCE_BAND_KM = 0.5;

/** Most vendors a geo search may return (the index's own ceiling). */
export const MAX_CANDIDATES = 100;

/** How many status changes an incident keeps in its history (a bounded list attribute). */
export const MAX_HISTORY = 20;

/** Messages the sweep re-drives per run, so one run stays well inside its timeout. */
export const SWEEP_MAX_ITEMS = 500;

/**
 * A matching round is considered stuck (its timeout message lost) once its offer window has
 * passed by this much; only then does the sweep step in.
 */
export const SWEEP_GRACE_MS = 15_000;

/** SQS's ceiling on a message delay. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** The assignment record in Redis (read by tracking on every location update) lives this long. */
export const ASSIGNMENT_TTL_SECONDS = 24 * 60 * 60;

/** Open offers per vendor in Redis expire this long after their window, whatever happens. */
export const OFFER_KEY_TTL_SECONDS = 15 * 60;

/**
 * A vendor's claim for an incident still in matching counts as an accept in flight this long past
 * its offer's expiry (the accept checked the offer with the time it read before claiming); after
 * that, a claim whose accept never landed is stale and released at the vendor's next match.
 */
export const STALE_CLAIM_GRACE_MS = 30_000;
