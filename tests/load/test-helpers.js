/**
 * Artillery processor for every Roadcall load profile: realistic request data, identities, and
 * the custom metrics the HTML report charts.
 *
 * - Data: points scattered around the metro areas the vendor seeder uses, the six service types,
 *   vehicles, descriptions, an Idempotency-Key per mutating request.
 * - Identities: locally, HS256 tokens minted with the running stack's `jwtSecret`, with the claims
 *   `signLocalToken` (packages/local/src/auth/tokens.ts) puts in them: a pool of drivers and one
 *   token per seeded vendor. Against a deployed stage, Cognito tokens from the environment
 *   (ROADCALL_DRIVER_TOKEN, and ROADCALL_VENDOR_TOKENS: comma-separated, one per vendor user).
 * - Metrics: `roadcall.x_cache.<value>` per response (the X-Cache header), `roadcall.errors.*`, and
 *   a per-second sample file (latency percentiles, status codes, X-Cache) the report turns into
 *   time series finer than Artillery's 10-second windows.
 *
 * A response with status >= 400 fails its virtual user (counted in `vusers.failed` and
 * `errors.HTTP <code> <route>`), so the profiles' `ensure` conditions on `vusers.failed` are the
 * error thresholds.
 *
 * Plain CommonJS with no dependencies: Artillery loads it in its main thread (before hook) and in
 * every worker thread.
 */
const { createHmac, randomUUID } = require('node:crypto');
const { appendFileSync, mkdirSync } = require('node:fs');
const { dirname } = require('node:path');
const { threadId } = require('node:worker_threads');

/**
 * Metro areas, the vendors seeder's own list (services/vendors-svc/src/seed/metros.json): centre,
 * spread (standard deviation of positions, km) and weight (share of vendors, and here of traffic),
 * so searches and incidents land where vendors are, in the same proportions.
 */
const METROS = require('../../services/vendors-svc/src/seed/metros.json');
const METRO_WEIGHT = METROS.reduce((total, metro) => total + metro.weight, 0);

const SERVICE_TYPES = ['towing', 'jumpstart', 'tire', 'lockout', 'fuel', 'winch'];
const SEARCH_RADII_KM = [5, 10, 25, 50];
const VEHICLES = [
  { make: 'Toyota', model: 'Camry' },
  { make: 'Honda', model: 'Civic' },
  { make: 'Ford', model: 'F-150' },
  { make: 'Tesla', model: 'Model 3' },
  { make: 'Chevrolet', model: 'Silverado' },
  { make: 'Subaru', model: 'Outback' },
];
const DESCRIPTIONS = {
  towing: 'Car will not start after a collision, needs a tow to the nearest shop.',
  jumpstart: 'Battery is dead in a parking lot, need a jump start.',
  tire: 'Flat front tyre on the highway shoulder, spare is available.',
  lockout: 'Keys locked inside the car, engine off.',
  fuel: 'Ran out of fuel about a mile from the exit.',
  winch: 'Slid into a ditch on a wet road, needs a winch out.',
};

/** Drivers in the token pool: enough that per-user cache keys and rate limits look like real traffic. */
const DRIVER_POOL = 200;
const KM_PER_DEG_LAT = 111.32;

const env = {
  stage: process.env.ROADCALL_STAGE || 'local',
  jwtSecret: process.env.ROADCALL_JWT_SECRET || '',
  driverToken: process.env.ROADCALL_DRIVER_TOKEN || '',
  /** Deployed: one or more vendor users' tokens (comma-separated); each acts for its `custom:vendorId`. */
  vendorTokens: (process.env.ROADCALL_VENDOR_TOKENS || process.env.ROADCALL_VENDOR_TOKEN || '').split(',').filter(Boolean),
  samplesFile: process.env.ROADCALL_LOADTEST_SAMPLES || '',
  /** Incidents the before hook drives to `assigned` for the location-update scenario (overrides the profile's `trackedIncidents`). */
  trackedIncidents: process.env.ROADCALL_LOADTEST_TRACKED_INCIDENTS,
};

// ---------------------------------------------------------------------------------------------
// Random data
// ---------------------------------------------------------------------------------------------

const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** A metro, by weight. */
function pickMetro() {
  let ticket = Math.random() * METRO_WEIGHT;
  for (const metro of METROS) {
    ticket -= metro.weight;
    if (ticket < 0) return metro;
  }
  return METROS[METROS.length - 1];
}

/** A point around the metro centre: normally distributed with `spreadKm` as deviation, as the seed's vendors are. */
function pointNear(metro, spreadKm = metro.spreadKm) {
  const u = Math.max(Math.random(), Number.EPSILON);
  const distanceKm = Math.abs(spreadKm * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * Math.random()));
  const bearing = Math.random() * 2 * Math.PI;
  const dLat = (distanceKm * Math.cos(bearing)) / KM_PER_DEG_LAT;
  const dLon = (distanceKm * Math.sin(bearing)) / (KM_PER_DEG_LAT * Math.cos((metro.lat * Math.PI) / 180));
  return { lat: round6(metro.lat + dLat), lon: round6(metro.lon + dLon) };
}

const round6 = (value) => Math.round(value * 1e6) / 1e6;

// ---------------------------------------------------------------------------------------------
// Identities
// ---------------------------------------------------------------------------------------------

const b64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/**
 * An HS256 token with the claims of `signLocalToken`: issuer `roadcall-local`, audience
 * `roadcall-api`, `sub`, `email`, `cognito:groups` and, for vendors, `custom:vendorId`.
 */
function signLocalToken(identity, secret, ttlSeconds = 12 * 3600) {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    email: identity.email,
    'cognito:groups': identity.roles.join(','),
    sub: identity.userId,
    iss: 'roadcall-local',
    aud: 'roadcall-api',
    iat: now,
    exp: now + ttlSeconds,
  };
  if (identity.vendorId) claims['custom:vendorId'] = identity.vendorId;
  const unsigned = `${b64url({ alg: 'HS256' })}.${b64url(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const tokenCache = new Map();

/** The unverified claims of a token (deployed: which vendor a Cognito token acts for). */
function claimsOf(token) {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

/** Deployed vendor tokens by the vendor they act for. */
const deployedVendorTokens = new Map(env.vendorTokens.map((token) => [claimsOf(token)['custom:vendorId'], token]).filter(([id]) => id));

/** Whether a token can be had for this identity (locally: always; deployed: the supplied ones). */
function hasToken(kind, id) {
  if (env.jwtSecret) return true;
  return kind === 'driver' ? Boolean(env.driverToken) : deployedVendorTokens.has(id);
}

/** A token for this identity: minted with the stack's secret locally, from the environment when deployed. */
function tokenFor(kind, id) {
  const key = `${kind}:${id}`;
  const cached = tokenCache.get(key);
  if (cached) return cached;
  let token;
  if (env.jwtSecret) {
    const identity =
      kind === 'driver'
        ? { userId: `user-load-driver-${id}`, email: `load-driver-${id}@roadcall.local`, roles: ['driver'] }
        : { userId: `user-${id}`, email: `${id}@roadcall.local`, roles: ['vendor'], vendorId: id };
    token = signLocalToken(identity, env.jwtSecret);
  } else {
    token = kind === 'driver' ? env.driverToken : deployedVendorTokens.get(id);
    if (!token)
      throw new Error(
        `No ${kind} token for ${id}: set ROADCALL_JWT_SECRET (local) or ROADCALL_DRIVER_TOKEN / ROADCALL_VENDOR_TOKENS (deployed)`,
      );
  }
  tokenCache.set(key, token);
  return token;
}

const driverId = () => String(Math.floor(Math.random() * DRIVER_POOL)).padStart(4, '0');

// ---------------------------------------------------------------------------------------------
// HTTP from hooks (the before hook runs outside a scenario, with plain fetch)
// ---------------------------------------------------------------------------------------------

async function api(target, method, path, { token, body, headers = {} } = {}) {
  // Joined, not resolved: a deployed API's base URL carries its stage path (…/prod).
  const response = await fetch(`${String(target).replace(/\/+$/, '')}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** Seeded vendors found by searching around each metro (whatever their count), with where they are and what they offer. */
async function discoverVendors(target) {
  const vendors = new Map();
  const token = tokenFor('driver', '0000');
  for (const metro of METROS) {
    const query = `lat=${metro.lat}&lon=${metro.lon}&radiusKm=100&limit=100`;
    const { status, json } = await api(target, 'GET', `/vendors/search?${query}`, { token });
    if (status !== 200) throw new Error(`vendor discovery: GET /vendors/search answered ${status}`);
    for (const v of json?.items ?? [])
      vendors.set(v.vendorId, { vendorId: v.vendorId, lat: v.location.lat, lon: v.location.lon, services: v.services });
  }
  return [...vendors.values()];
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Poll intervals while waiting for matching's offer: from 250 ms, growing by half each time up to
 * 1 s, with jitter, as a client app would back off (1,000 waiting incidents then poll at most
 * ~1,000 times a second, not 4,000, which would load the stack more than the incidents do).
 */
const OFFER_POLL_MS = { first: 250, factor: 1.5, max: 1000, jitter: 0.2 };
/** Vendors (nearest first) who try to accept: the matcher offers a batch of the nearest available ones. */
const ACCEPT_CANDIDATES = 6;

/**
 * Plays the vendors' side of one incident, as their apps would: waits until matching has made an
 * offer, then the nearest available vendors (who are the ones offered) try to accept it; the
 * first 200 wins. Locally each vendor's token is minted; deployed, only the vendors of
 * ROADCALL_VENDOR_TOKENS can accept, so deployed runs mostly measure time to offer.
 *
 * @returns `{ outcome: 'assigned' | 'escalated' | 'timeout', vendorId?, offeredAt?, assignedAt? }`
 */
async function driveToAssignment(target, incident, { deadlineMs = 65_000, driverToken, declineShare = 0 } = {}) {
  const until = Date.now() + deadlineMs;
  const { location, serviceType, incidentId } = incident;
  const query = `lat=${location.lat}&lon=${location.lon}&radiusKm=50&limit=${ACCEPT_CANDIDATES}&service=${serviceType}`;
  const search = await api(target, 'GET', `/vendors/search?${query}`, { token: driverToken });
  const candidates = (search.json?.items ?? []).map((v) => v.vendorId);
  let offeredAt;
  let declinedRound;
  let interval = OFFER_POLL_MS.first;
  while (Date.now() < until) {
    const { status, json } = await api(target, 'GET', `/incidents/${incidentId}`, { token: driverToken });
    if (status !== 200) throw new Error(`GET /incidents/${incidentId} answered ${status}`);
    if (json.status === 'assigned') return { outcome: 'assigned', vendorId: json.vendorId, offeredAt, assignedAt: Date.now() };
    if (json.status === 'escalated') return { outcome: 'escalated', offeredAt };
    if (json.status === 'matching' && json.matching?.offerExpiresAt) {
      const round = json.matching.offerExpiresAt;
      offeredAt ??= Date.now();
      // A declined round: the offered vendors let it pass (busy, too far), and matching offers again.
      if (round !== declinedRound && Math.random() < declineShare) declinedRound = round;
      for (const vendorId of round === declinedRound ? [] : candidates) {
        if (!hasToken('vendor', vendorId)) continue;
        const accepted = await api(target, 'PUT', `/incidents/${incidentId}/accept`, { token: tokenFor('vendor', vendorId) });
        if (accepted.status === 200) return { outcome: 'assigned', vendorId, offeredAt, assignedAt: Date.now() };
        if (accepted.status === 409) break; // taken or no longer open: the next GET says which
      }
    }
    await sleep(interval * (1 - OFFER_POLL_MS.jitter + 2 * OFFER_POLL_MS.jitter * Math.random()));
    interval = Math.min(OFFER_POLL_MS.max, interval * OFFER_POLL_MS.factor);
  }
  return { outcome: 'timeout', offeredAt };
}

/** The full mix's vendors: share of offer rounds they let pass, location reports on the way, pauses between steps. */
const VENDOR_PLAY = { declineShare: 0.15, locationReports: 2, stepMs: 300, deadlineMs: 30_000 };

/**
 * The vendor's side of one incident of the full mix, as a vendor's app would play it: the offer
 * is accepted by the nearest offered vendor (or, {@link VENDOR_PLAY}.declineShare of the rounds,
 * let pass), then the vendor drives there (en_route, location reports), arrives and completes the
 * job. So each incident costs what a real one does: usually one matching round, not three rounds
 * and an escalation. Deployed, only vendors with tokens (ROADCALL_VENDOR_TOKENS) can play.
 *
 * @returns the assignment outcome, and `completed` when the job was finished
 */
async function playIncident(target, incident, { driverToken } = {}) {
  const result = await driveToAssignment(target, incident, {
    driverToken,
    deadlineMs: VENDOR_PLAY.deadlineMs,
    declineShare: VENDOR_PLAY.declineShare,
  });
  if (result.outcome !== 'assigned') return { ...result, completed: false };
  const token = tokenFor('vendor', result.vendorId);
  const path = `/incidents/${incident.incidentId}`;
  const step = async (status) => {
    await sleep(VENDOR_PLAY.stepMs * (0.5 + Math.random()));
    const answer = await api(target, 'PUT', `${path}/status`, { token, body: { status } });
    if (answer.status !== 200) throw new Error(`PUT ${path}/status ${status} answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  };
  await step('en_route');
  for (let report = 0; report < VENDOR_PLAY.locationReports; report++) {
    await sleep(VENDOR_PLAY.stepMs * (0.5 + Math.random()));
    const at = pointNear(incident.location, 2);
    await api(target, 'PUT', `/tracking/${incident.incidentId}/location`, {
      token,
      body: { lat: at.lat, lon: at.lon, heading: Math.floor(Math.random() * 360), speedKmh: 40, recordedAt: new Date().toISOString() },
    });
  }
  await step('arrived');
  await step('completed');
  return { ...result, completed: true };
}

/**
 * Incidents assigned to distinct vendors, for PUT /tracking/{incidentId}/location: a driver
 * reports each one where a discovered vendor stands (so that vendor is the nearest and is
 * offered it), and the vendors accept, as in production. Distinct vendors keep each one under the
 * tracking rate limit (per vendor per minute).
 */
async function prepareAssignments(target, vendors, count) {
  // Deployed, only vendors whose tokens were supplied can accept (and then send locations).
  const usable = vendors.filter((vendor) => hasToken('vendor', vendor.vendorId));
  const chosen = [...usable].sort(() => Math.random() - 0.5).slice(0, count);
  const driverToken = tokenFor('driver', 'tracked');
  const results = await Promise.all(
    chosen.map(async (vendor) => {
      const serviceType = vendor.services[0] ?? 'towing';
      const location = { lat: vendor.lat, lon: vendor.lon };
      const { status, json, text } = await api(target, 'POST', '/incidents', {
        token: driverToken,
        headers: { 'idempotency-key': randomUUID() },
        body: incidentBody(location, serviceType),
      });
      if (status !== 201) throw new Error(`POST /incidents answered ${status}: ${text.slice(0, 200)}`);
      const outcome = await driveToAssignment(
        target,
        { incidentId: json.incidentId, location, serviceType },
        { deadlineMs: 30_000, driverToken },
      );
      return outcome.outcome === 'assigned' ? { incidentId: json.incidentId, vendorId: outcome.vendorId } : undefined;
    }),
  );
  const assignments = results.filter(Boolean);
  // One incident per vendor: a second assignment of the same vendor would share its rate limit.
  const seen = new Set();
  return assignments.filter((a) => (seen.has(a.vendorId) ? false : seen.add(a.vendorId)));
}

function incidentBody(location, serviceType) {
  const vehicle = pick(VEHICLES);
  return {
    location,
    serviceType,
    vehicle: { ...vehicle, year: 2012 + Math.floor(Math.random() * 13), color: pick(['black', 'white', 'silver', 'blue', 'red']) },
    description: DESCRIPTIONS[serviceType],
  };
}

// ---------------------------------------------------------------------------------------------
// Artillery hooks
// ---------------------------------------------------------------------------------------------

/**
 * `before` hook (main thread, once): finds seeded vendors and prepares assigned incidents; the
 * context vars it sets are copied into every virtual user.
 */
function prepareRun(context, _events, done) {
  const target = context.vars.target;
  const tracked = Number(env.trackedIncidents ?? context.vars.trackedIncidents ?? 0);
  (async () => {
    const started = Date.now();
    const vendors = await discoverVendors(target);
    if (vendors.length === 0) throw new Error('no vendors found around the metros: seed some (pnpm dev seeds 500)');
    context.vars.vendorIds = vendors.map((v) => v.vendorId);
    context.vars.assignments = tracked > 0 ? await prepareAssignments(target, vendors, tracked) : [];
    if (tracked > 0 && context.vars.assignments.length === 0) throw new Error('no incident could be assigned for the location updates');
    process.stdout.write(
      `roadcall: ${vendors.length} vendors discovered, ${context.vars.assignments.length} incidents assigned to distinct vendors for tracking (${Date.now() - started} ms)\n`,
    );
  })().then(
    () => done(),
    (error) => done(error),
  );
}

/** beforeScenario: one virtual user's data, identity and keys. */
function setupUser(context, _events, done) {
  const vars = context.vars;
  const metro = pickMetro();
  const point = pointNear(metro);
  vars.metro = metro.name;
  vars.lat = point.lat;
  vars.lon = point.lon;
  vars.radiusKm = pick(SEARCH_RADII_KM);
  vars.service = pick(SERVICE_TYPES);
  vars.limit = 20;
  vars.driverToken = tokenFor('driver', driverId());
  vars.idempotencyKey = randomUUID();
  const vendorIds = vars.vendorIds ?? [];
  vars.vendorId = vendorIds.length > 0 ? pick(vendorIds) : 'vendor-000000';
  const assignment = pick(vars.assignments ?? []) ?? undefined;
  if (assignment) {
    vars.incidentId = assignment.incidentId;
    vars.vendorToken = tokenFor('vendor', assignment.vendorId);
    const moved = pointNear({ lat: point.lat, lon: point.lon }, 0.5);
    vars.trackLat = moved.lat;
    vars.trackLon = moved.lon;
  }
  return done();
}

/** beforeRequest of POST /incidents: a fresh incident body for this user. */
function incidentRequest(requestParams, context, _events, done) {
  context.vars.incidentCreatedAt = Date.now();
  requestParams.json = incidentBody({ lat: context.vars.lat, lon: context.vars.lon }, context.vars.service);
  return done();
}

/** beforeRequest of the location update: position, heading and speed of a vendor on its way. */
function locationRequest(requestParams, context, _events, done) {
  if (!context.vars.incidentId) return done(new Error('no assigned incident for the location update (before hook found none)'));
  requestParams.json = {
    lat: context.vars.trackLat,
    lon: context.vars.trackLon,
    heading: Math.floor(Math.random() * 360),
    speedKmh: Math.round(20 + Math.random() * 60),
    recordedAt: new Date().toISOString(),
  };
  return done();
}

/**
 * Scenario step of the incidents profile: after POST /incidents, the vendors' side plays out
 * (see {@link driveToAssignment}). Records `roadcall.incident.time_to_offer` and
 * `roadcall.incident.time_to_assigned` (ms since the POST) and counts assigned / escalated; an
 * incident that is neither within 65 s fails its user (it would be lost).
 */
function awaitAssignment(context, events, done) {
  const vars = context.vars;
  const started = vars.incidentCreatedAt ?? Date.now();
  if (!vars.incidentId) return done(new Error('POST /incidents returned no incidentId'));
  driveToAssignment(
    vars.target,
    { incidentId: vars.incidentId, location: { lat: vars.lat, lon: vars.lon }, serviceType: vars.service },
    { driverToken: vars.driverToken },
  ).then(
    (result) => {
      if (result.offeredAt) events.emit('histogram', 'roadcall.incident.time_to_offer', result.offeredAt - started);
      events.emit('counter', `roadcall.incident.${result.outcome}`, 1);
      if (result.outcome === 'assigned') events.emit('histogram', 'roadcall.incident.time_to_assigned', result.assignedAt - started);
      if (result.outcome === 'timeout') return done(new Error('incident neither assigned nor escalated within 65 s'));
      return done();
    },
    (error) => done(error),
  );
}

/**
 * Scenario step of the full mix's incidents: after POST /incidents, the vendor side plays the
 * incident to completion ({@link playIncident}). Its requests are the stack's load, not timed
 * by Artillery (http.response_time stays the mix's own requests). Counts
 * `roadcall.incident.assigned / escalated / timeout / completed`.
 */
function playVendorSide(context, events, done) {
  const vars = context.vars;
  if (!vars.incidentId) return done(new Error('POST /incidents returned no incidentId'));
  playIncident(
    vars.target,
    { incidentId: vars.incidentId, location: { lat: vars.lat, lon: vars.lon }, serviceType: vars.service },
    { driverToken: vars.driverToken },
  ).then(
    (result) => {
      events.emit('counter', `roadcall.incident.${result.outcome}`, 1);
      if (result.completed) events.emit('counter', 'roadcall.incident.completed', 1);
      return done();
    },
    (error) => done(error),
  );
}

// ---------------------------------------------------------------------------------------------
// Metrics: X-Cache mix, errors and per-second samples
// ---------------------------------------------------------------------------------------------

/** Per-second buckets of this thread, flushed to the samples file once their second is over. */
const buckets = new Map();
let flushTimer;

function bucketFor(second) {
  let bucket = buckets.get(second);
  if (!bucket) {
    bucket = { latencies: [], codes: {}, xCache: {}, routes: {}, errors: 0 };
    buckets.set(second, bucket);
  }
  return bucket;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function flush(all = false) {
  if (!env.samplesFile) return;
  const current = Math.floor(Date.now() / 1000);
  const lines = [];
  for (const [second, bucket] of buckets) {
    if (!all && second >= current) continue;
    buckets.delete(second);
    const sorted = bucket.latencies.sort((a, b) => a - b);
    lines.push(
      JSON.stringify({
        t: second,
        thread: threadId,
        n: sorted.length,
        min: sorted[0] ?? 0,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted[sorted.length - 1] ?? 0,
        sum: sorted.reduce((total, value) => total + value, 0),
        codes: bucket.codes,
        xCache: bucket.xCache,
        routes: bucket.routes,
        errors: bucket.errors,
      }),
    );
  }
  if (lines.length > 0) {
    mkdirSync(dirname(env.samplesFile), { recursive: true });
    appendFileSync(env.samplesFile, `${lines.join('\n')}\n`);
  }
}

function startFlushing() {
  if (flushTimer || !env.samplesFile) return;
  flushTimer = setInterval(() => flush(false), 1000);
  flushTimer.unref();
  process.once('beforeExit', () => flush(true));
}

/**
 * afterResponse of every request: counts the X-Cache value, records the sample, and fails the
 * virtual user on an HTTP error so that `vusers.failed` is the error count `ensure` checks.
 */
function trackResponse(requestParams, response, _context, events, done) {
  startFlushing();
  const status = response.statusCode;
  const xCache = String(response.headers['x-cache'] ?? 'none');
  const route = requestParams.name ?? requestParams.url;
  events.emit('counter', `roadcall.x_cache.${xCache}`, 1);
  const latency = response.timings?.phases?.firstByte;
  const bucket = bucketFor(Math.floor(Date.now() / 1000));
  if (typeof latency === 'number') bucket.latencies.push(Math.round(latency * 10) / 10);
  bucket.codes[status] = (bucket.codes[status] ?? 0) + 1;
  bucket.xCache[xCache] = (bucket.xCache[xCache] ?? 0) + 1;
  bucket.routes[route] = (bucket.routes[route] ?? 0) + 1;
  if (status >= 400) {
    bucket.errors += 1;
    events.emit('counter', `roadcall.errors.${status}`, 1);
    const detail = typeof response.body === 'string' ? response.body.slice(0, 160) : '';
    if (process.env.ROADCALL_LOADTEST_DEBUG === '1') process.stderr.write(`${route} -> ${status} ${detail}\n`);
    return done(new Error(`HTTP ${status} ${route}`));
  }
  return done();
}

/**
 * onError of every scenario: a network error (ETIMEDOUT, ECONNRESET, ...) has no response, so it
 * is counted here for the per-second error series (Artillery counts it in `errors.*` itself).
 */
function trackError(error, requestParams, _context, _events, done) {
  // Artillery may report one failed request twice (stream error and promise rejection).
  if (requestParams.roadcallErrorCounted) return done();
  requestParams.roadcallErrorCounted = true;
  startFlushing();
  const bucket = bucketFor(Math.floor(Date.now() / 1000));
  const code = error?.code ?? error?.name ?? 'error';
  bucket.codes[code] = (bucket.codes[code] ?? 0) + 1;
  bucket.errors += 1;
  return done();
}

module.exports = {
  // hooks
  prepareRun,
  setupUser,
  incidentRequest,
  locationRequest,
  awaitAssignment,
  playVendorSide,
  playIncident,
  trackResponse,
  trackError,
  // for the config smoke test and scripts
  METROS,
  SERVICE_TYPES,
  signLocalToken,
  pointNear,
};
