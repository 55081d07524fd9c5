/**
 * The raw baseline of `pnpm bench api`: a plain node:http server with no framework, doing per
 * request type the same I/O Roadcall's routes need, on the same engines and clients:
 * - every route but /health: HS256 bearer token verified (node:crypto), as the local authorizer does;
 * - GET /vendors/search: in-process LRU (60 s), Redis GET of the grid point's entry; on a miss the
 *   geo index read (the same GeoIndex pipelines: GEOSEARCH per cell, then HMGET), then SET PX;
 *   distances re-measured from the request's point;
 * - GET /vendors/{id}: in-process LRU (300 s), Redis GET; on a miss DynamoDB GetItem, then SET PX;
 * - POST /payments: the incident read (GetItem, consistent) and one INSERT ... ON CONFLICT DO NOTHING;
 * - GET /health: a deep check of the same four backends at most once per 60 s.
 * It skips what only a product needs (tags, stampede locks, metrics, validation detail, logs).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { CACHE_NAMESPACES, ENV } from '@roadcall/contracts';
import { documentSdk, dynamoClient, dynamoDocumentClient, dynamodbSdk, sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { queueUrl, stage, tableName } from '@roadcall/utils/config';
import { GeoIndex, haversineKm, MAX_SEARCH_RADIUS_KM } from '@roadcall/utils/geo';
import Redis from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';

const SEARCH_TTL_MS = CACHE_NAMESPACES.vendorSearch.ttlSeconds * 1000;
const PROFILE_TTL_MS = CACHE_NAMESPACES.vendorProfile.ttlSeconds * 1000;
const HEALTH_TTL_MS = 60_000;
const L1_ENTRIES = 1_000;
const GRID_DEG = 0.01;
const GRID_SLACK_KM = 0.8;
const POOL_SIZE = 10;

interface Hit {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly distanceKm: number;
  readonly available: boolean;
  readonly services: string[];
  readonly summary: { name: string; rating: number; phone?: string };
}

function base64url(input: Buffer): string {
  return input.toString('base64url');
}

/** HS256 verification of the local tokens (signature, expiry, issuer, audience). */
function verify(header: string | undefined, secret: string): Record<string, unknown> | undefined {
  if (!header?.startsWith('Bearer ')) return undefined;
  const token = header.slice(7);
  const [head, payload, signature] = token.split('.');
  if (!head || !payload || !signature) return undefined;
  const expected = Buffer.from(base64url(createHmac('sha256', secret).update(`${head}.${payload}`).digest()));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) return undefined;
  if (claims.iss !== 'roadcall-local' || claims.aud !== 'roadcall-api') return undefined;
  return claims;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the raw server on `port` (0: any free port); resolves with the port. */
export async function startRawServer(jwtSecret: string, port = 0): Promise<number> {
  const prefix = `rc:${stage()}`;
  const redis = new Redis(process.env[ENV.redisUrl] as string);
  const pool = new Pool({ connectionString: process.env[ENV.databaseUrl], max: POOL_SIZE });
  const documents = dynamoDocumentClient();
  const { GetCommand } = documentSdk();
  const index = new GeoIndex<Hit['summary']>({ redis, prefix: `${prefix}:vendors:geo` });
  const searches = new LRUCache<string, { value: Hit[]; until: number }>({ max: L1_ENTRIES });
  const profiles = new LRUCache<string, { value: unknown; until: number }>({ max: L1_ENTRIES });
  const vendorsTable = tableName('vendors');
  const incidentsTable = tableName('incidents');
  let health: { body: unknown; until: number } | undefined;

  const search = async (url: URL): Promise<unknown> => {
    const lat = Number(url.searchParams.get('lat'));
    const lon = Number(url.searchParams.get('lon'));
    const radiusKm = Number(url.searchParams.get('radiusKm') ?? 25);
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const snap = (value: number): number => Number((Math.round(value / GRID_DEG) * GRID_DEG).toFixed(2));
    const grid = { lat: snap(lat), lon: snap(lon) };
    const key = `${prefix}:raw-search:${grid.lat}:${grid.lon}:${radiusKm}:${limit}`;
    const now = Date.now();
    let hits = searches.get(key);
    if (!hits || hits.until <= now) {
      const raw = await redis.get(key);
      if (raw) hits = JSON.parse(raw) as { value: Hit[]; until: number };
      if (!hits || hits.until <= now) {
        const fillRadius = Math.min(MAX_SEARCH_RADIUS_KM + GRID_SLACK_KM, radiusKm + GRID_SLACK_KM);
        const result = await index.search({ ...grid, radiusKm: fillRadius, limit }, { validate: false });
        hits = { value: result.hits as Hit[], until: now + SEARCH_TTL_MS };
        await redis.set(key, JSON.stringify(hits), 'PX', SEARCH_TTL_MS);
      }
      searches.set(key, hits);
    }
    const items = hits.value
      .map((hit) => ({ hit, distanceKm: haversineKm({ lat, lon }, hit) }))
      .filter(({ distanceKm }) => distanceKm <= radiusKm)
      .sort((a, b) => a.distanceKm - b.distanceKm || (a.hit.id < b.hit.id ? -1 : 1))
      .slice(0, limit)
      .map(({ hit, distanceKm }) => ({
        vendorId: hit.id,
        name: hit.summary.name,
        rating: hit.summary.rating,
        ...(hit.summary.phone ? { phone: hit.summary.phone } : {}),
        services: hit.services,
        available: hit.available,
        location: { lat: hit.lat, lon: hit.lon },
        distanceKm: Math.round(distanceKm * 1000) / 1000,
      }));
    return { items, count: items.length, query: { lat, lon, radiusKm, limit } };
  };

  const profile = async (id: string): Promise<unknown> => {
    const key = `${prefix}:raw-vendor:${id}`;
    const now = Date.now();
    const local = profiles.get(key);
    if (local && local.until > now) return local.value;
    const raw = await redis.get(key);
    let entry = raw ? (JSON.parse(raw) as { value: unknown; until: number }) : undefined;
    if (!entry || entry.until <= now) {
      const { Item } = await documents.send(new GetCommand({ TableName: vendorsTable, Key: { vendorId: id } }));
      entry = { value: Item ?? null, until: now + PROFILE_TTL_MS };
      await redis.set(key, JSON.stringify(entry), 'PX', PROFILE_TTL_MS);
    }
    profiles.set(key, entry);
    return entry.value;
  };

  const pay = async (req: IncomingMessage, userId: string): Promise<[number, unknown]> => {
    const key = req.headers['idempotency-key'];
    const input = JSON.parse(await readBody(req)) as { incidentId?: string; amountCents?: number; currency?: string };
    if (typeof key !== 'string' || !input.incidentId || !Number.isInteger(input.amountCents) || !input.currency) {
      return [400, { error: { code: 'VALIDATION_FAILED' } }];
    }
    const { Item: incident } = await documents.send(
      new GetCommand({ TableName: incidentsTable, Key: { incidentId: input.incidentId }, ConsistentRead: true }),
    );
    if (!incident || incident.driverId !== userId) return [404, { error: { code: 'INCIDENT_NOT_FOUND' } }];
    if (incident.status !== 'completed') return [409, { error: { code: 'INCIDENT_NOT_PAYABLE' } }];
    const { rows } = await pool.query(
      `INSERT INTO payments (user_id, idempotency_key, request_hash, incident_id, vendor_id, amount_cents, currency, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, NULL) ON CONFLICT ON CONSTRAINT payments_idempotency DO NOTHING
       RETURNING id, user_id, incident_id, vendor_id, amount_cents, currency, status, created_at`,
      [userId, key, `raw-${randomUUID()}`, input.incidentId, incident.vendorId, input.amountCents, input.currency],
    );
    return rows[0] ? [201, rows[0]] : [200, { replayed: true }];
  };

  const deepHealth = async (): Promise<unknown> => {
    const now = Date.now();
    if (health && health.until > now) return health.body;
    const probes = await Promise.allSettled([
      dynamoClient().send(new (dynamodbSdk().DescribeTableCommand)({ TableName: tableName('cache') })),
      redis.ping(),
      pool.query('SELECT 1'),
      sqsClient().send(new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: queueUrl('jobsNormal'), AttributeNames: ['QueueArn'] })),
    ]);
    const body = {
      status: probes.every((probe) => probe.status === 'fulfilled') ? 'ok' : 'degraded',
      checkedAt: new Date(now).toISOString(),
    };
    health = { body, until: now + HEALTH_TTL_MS };
    return body;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') return send(res, 200, await deepHealth());
    const claims = verify(req.headers.authorization, jwtSecret);
    if (!claims) return send(res, 401, { error: { code: 'UNAUTHENTICATED' } });
    if (req.method === 'GET' && url.pathname === '/vendors/search') return send(res, 200, await search(url));
    if (req.method === 'GET' && url.pathname.startsWith('/vendors/')) {
      const vendor = await profile(decodeURIComponent(url.pathname.slice('/vendors/'.length)));
      return vendor ? send(res, 200, vendor) : send(res, 404, { error: { code: 'VENDOR_NOT_FOUND' } });
    }
    if (req.method === 'POST' && url.pathname === '/payments') {
      const [status, body] = await pay(req, String(claims.sub));
      return send(res, status, body);
    }
    send(res, 404, { error: { code: 'ROUTE_NOT_FOUND' } });
  };

  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 503, { error: { code: 'DEPENDENCY_UNAVAILABLE' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : port;
}
