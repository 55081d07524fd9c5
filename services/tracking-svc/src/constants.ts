/** Named limits of tracking. */

/** Buffered history points per incident that trigger a BatchWriteItem (DynamoDB's batch size). */
export const HISTORY_FLUSH_THRESHOLD = 25;

/** A buffer nobody flushes (DynamoDB down for a day) expires instead of growing for ever. */
export const HISTORY_BUFFER_TTL_SECONDS = 24 * 60 * 60;

/** The latest position stays readable this long after the last update. */
export const LATEST_TTL_SECONDS = 24 * 60 * 60;

/** Fixed rate-limit window. */
export const RATE_WINDOW_SECONDS = 60;

/** Speed assumed for the ETA when the vendor reports none (or is standing still), km/h. */
export const DEFAULT_SPEED_KMH = 40;

/** Below this reported speed the vendor is treated as stopped (traffic light), not as crawling. */
export const MIN_MOVING_SPEED_KMH = 5;

/** Road distance is longer than the great circle; a common rule of thumb for urban routing. */
export const ROAD_FACTOR = 1.3;

/** Keys the history sweep drains per SCAN page. */
export const SWEEP_SCAN_COUNT = 500;

/** A flusher's lock on an incident's buffer: longer than a BatchWriteItem with retries takes. */
export const FLUSH_LOCK_MS = 10_000;

/**
 * Background history flushes one container runs at once. Beyond it a trigger is skipped: the
 * points stay buffered (durable in Redis) and a later flush or the minute schedule takes them, so
 * a slow table applies backpressure to history, never to location updates.
 */
export const MAX_BACKGROUND_FLUSHES = 4;

/** Points one flush writes at most (4 BatchWriteItem calls): a flush also catches up on a backlog. */
export const FLUSH_MAX_POINTS = HISTORY_FLUSH_THRESHOLD * 4;
