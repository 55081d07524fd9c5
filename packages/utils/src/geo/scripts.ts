/**
 * One cell's search as a server-side script: GEOSEARCH on the cell's set, then HMGET of the hits'
 * summaries from the cell's hash. Both keys share the cell's hash tag, so this is legal in Redis
 * Cluster, and a search of N cells is N scripts in one pipeline: one round trip in all.
 * Returns `[[id, distanceKm, summaryJson], ...]`, nearest first.
 */
export const CELL_SEARCH_LUA = `
local hits = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', ARGV[1], ARGV[2], 'BYRADIUS', ARGV[3], 'km', 'ASC', 'COUNT', ARGV[4], 'WITHDIST')
local n = #hits
if n == 0 then return hits end
local ids = {}
for i = 1, n do ids[i] = hits[i][1] end
local metas = redis.call('HMGET', KEYS[2], unpack(ids))
local out = {}
for i = 1, n do out[i] = { hits[i][1], hits[i][2], metas[i] } end
return out
`;

/** Name of the script as an ioredis custom command. */
export const CELL_SEARCH_COMMAND = 'roadcallGeoCellSearch';
