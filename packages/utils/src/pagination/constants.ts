/** Page sizes every list route accepts (`limit`): the API's contract, not a per-route choice. */
export const PAGE_SIZE = { default: 50, min: 10, max: 100 } as const;

/** Longest cursor accepted (a cursor carries a sort key, not a page). */
export const MAX_CURSOR_LENGTH = 2_048;
