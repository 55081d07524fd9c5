/** The one feature-flags cache entry: every set flag (a handful), loaded and invalidated together. */
export const FLAGS_CACHE_KEY = 'all';
