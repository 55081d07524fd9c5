/**
 * Named limits of the geospatial index. The cell size is the one design decision that matters:
 * see docs/vendors.md ("Why 0.5° cells") for the reasoning and the figures behind it.
 */

/** Mean Earth radius (IUGG), km. Redis uses 6372.797 km; the two differ by 0.03%. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Kilometres per degree of latitude (and of longitude at the equator). */
export const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

/**
 * Side of a geographic cell, in degrees (about 55 km north-south, 42 km east-west at 40°N).
 * Roughly the size of a typical roadside search (10-25 km radius): such a search touches 1-6
 * cells, a 100 km one at most ~30 at mid latitudes, while a metro area still spreads over
 * several cells (hence several cluster slots) instead of one hot key.
 */
export const DEFAULT_CELL_SIZE_DEG = 0.5;

/**
 * Above this latitude (north or south) a row of cells is one single cell: longitude degrees
 * shrink towards the poles, and without this a 100 km search at 89° would touch every column.
 */
export const POLAR_LATITUDE_DEG = 75;

/** Smallest and largest search radius the index accepts, km. */
export const MIN_SEARCH_RADIUS_KM = 0.1;
export const MAX_SEARCH_RADIUS_KM = 100;

/** Most results one search may ask for. */
export const MAX_SEARCH_LIMIT = 100;

/**
 * Slack added when deciding whether a cell can hold a result: the nearest point of a cell is
 * computed on a lat/lon rectangle, which overestimates the true great-circle minimum slightly.
 */
export const CELL_PRUNE_MARGIN_KM = 1;

/** Members written per pipeline by bulk loads (seeding, rebuilds). */
export const BULK_CHUNK_SIZE = 500;

/** Default key prefix of the index. */
export const DEFAULT_GEO_PREFIX = 'geo';
