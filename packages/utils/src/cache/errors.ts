import { RoadcallError } from '../errors';

/** 500: a cache was misconfigured (unknown namespace, bad option): a programming error. */
export class CacheConfigError extends RoadcallError {
  readonly code = 'CACHE_CONFIG';
  readonly httpStatus = 500;
}

/**
 * 500: a key of a per-user namespace was not scoped by user ({@link userScopedKey}). Thrown
 * rather than risk serving one user's entry to another.
 */
export class CacheIsolationError extends RoadcallError {
  readonly code = 'CACHE_ISOLATION';
  readonly httpStatus = 500;
}
