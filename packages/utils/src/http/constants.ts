/** Named limits of the handler wrapper's answers. */

/**
 * Most validation issues one 400 lists. A body of 100,000 unknown keys is one request, not a
 * reason to answer with a megabyte: the first issues tell the client what is wrong.
 */
export const MAX_VALIDATION_ISSUES = 20;

/** Longest message (and field path) of one validation issue, in characters; longer ones are cut with `…`. */
export const MAX_ISSUE_TEXT_LENGTH = 300;

/**
 * Largest JSON error body, in bytes. Above it the `details` are dropped (code and message stay):
 * no input can make an error answer large.
 */
export const MAX_ERROR_BODY_BYTES = 16 * 1024;

/** Retry-After (seconds) of a 503 for a dependency that timed out or refused the connection. */
export const DEPENDENCY_RETRY_AFTER_SECONDS = 2;
