import { randomUUID } from 'node:crypto';
import { type Incident, IncidentStore } from '@roadcall/incidents-svc';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { Client } from 'pg';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<unknown>;

export interface Call {
  readonly method: 'GET' | 'POST';
  /** The concrete path, e.g. `/payments/<id>`. */
  readonly path: string;
  /** The route's template, e.g. `/payments/{id}`. */
  readonly resource?: string;
  readonly pathParameters?: Record<string, string>;
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Authorizer claims (Cognito's shape); omitted = anonymous. */
  readonly claims?: Record<string, string>;
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: T;
}

/** Invokes a handler with the API Gateway REST event the local adapter (and AWS) would build. */
export async function call<T = Record<string, unknown>>(handler: Handler, request: Call): Promise<Answer<T>> {
  const event = {
    resource: request.resource ?? request.path,
    path: request.path,
    httpMethod: request.method,
    headers: { 'Content-Type': 'application/json', ...request.headers },
    multiValueHeaders: {},
    queryStringParameters: request.query ?? null,
    multiValueQueryStringParameters: request.query
      ? Object.fromEntries(Object.entries(request.query).map(([key, value]) => [key, [value]]))
      : null,
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    body: request.body === undefined ? null : JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: { requestId: randomUUID(), authorizer: request.claims ? { claims: request.claims } : null },
  } as unknown as APIGatewayProxyEvent;
  const context = { awsRequestId: randomUUID(), functionName: 'payments-test' } as Context;
  const result = (await handler(event, context)) as APIGatewayProxyResult;
  return {
    status: result.statusCode,
    headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)])),
    body: (result.body ? JSON.parse(result.body) : undefined) as T,
  };
}

/** Claims of a driver (a distinct user per id). */
export const driver = (userId: string): Record<string, string> & { sub: string } => ({
  sub: userId,
  email: `${userId}@example.com`,
  'cognito:groups': 'driver',
});
export const admin = (userId = 'admin-1'): Record<string, string> => ({ sub: userId, 'cognito:groups': 'admin' });

/** A valid POST /payments body. */
export const paymentBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  incidentId: `inc-${randomUUID().slice(0, 8)}`,
  vendorId: 'vendor-000000',
  amountCents: 4_500,
  currency: 'USD',
  ...overrides,
});

/** Rows in the payments table matching a condition (a direct connection, not the pool under test). */
export async function countPayments(url: string, where = 'true', values: unknown[] = []): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM payments WHERE ${where}`, values);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** Incidents seeded by this worker (id -> the write), so concurrent posts of one body wait for one write. */
const seeded = new Map<string, Promise<void>>();

/**
 * Writes an incident into the incidents table (test setup only: at run time payments read it
 * through the incidents service's port). Defaults: completed, served by `vendor-000000`.
 */
export async function seedIncident(
  incidentId: string,
  driverId: string,
  overrides: Partial<Pick<Incident, 'status' | 'vendorId'>> = {},
): Promise<void> {
  const now = new Date().toISOString();
  await new IncidentStore().create({
    incidentId,
    driverId,
    status: 'completed',
    vendorId: 'vendor-000000',
    serviceType: 'towing',
    location: { lat: 37.77, lon: -122.42 },
    vehicle: { make: 'Volvo', model: 'V70' },
    createdAt: now,
    updatedAt: now,
    history: [],
    ...overrides,
  });
}

/** Seeds a completed incident of the payer for a payment body's incidentId, once per id. */
export async function ensurePayable(body: unknown, claims: Record<string, string>): Promise<void> {
  const { incidentId, vendorId } = (body ?? {}) as { incidentId?: unknown; vendorId?: unknown };
  if (typeof incidentId !== 'string' || typeof claims.sub !== 'string') return;
  let write = seeded.get(incidentId);
  if (!write) {
    write = seedIncident(incidentId, claims.sub, typeof vendorId === 'string' ? { vendorId } : {});
    seeded.set(incidentId, write);
  }
  await write;
}
