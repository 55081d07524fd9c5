/** Days an audit entry is kept (the table's TTL attribute); pages never look further back. */
export const AUDIT_LOG_RETENTION_DAYS = 400;

/** The tag every cached page of the log carries: one tag invalidation drops them all. */
export const AUDIT_LOG_PAGE_CACHE_KEY = 'audit-pages';
