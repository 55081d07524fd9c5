/** Page sizes every list route accepts (`limit`): the API's contract, not a per-route choice. */
export const PAGE_SIZE = { default: 50, min: 10, max: 100 } as const;

/** Cursors older than this are refused (a leaked cursor does not stay useful for ever). */
export const CURSOR_MAX_AGE_SECONDS = 24 * 60 * 60;
