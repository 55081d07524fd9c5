import * as z from 'zod/mini';

/**
 * Response schemas of the routes, by contract id. The handlers validate what comes in with zod
 * (those schemas are read off the handlers themselves); what goes out is typed in TypeScript
 * only, so its shape is stated here, loosely: the fields a client relies on are required and
 * typed, anything more is allowed (a new field never breaks a client). The e2e suite validates
 * every answer its flows get against these (tests/e2e/support/openapiCheck.ts).
 */

const isoTime = z.string().check(z.minLength(10));
const point = z.looseObject({ lat: z.number(), lon: z.number() });
const nullableNumber = z.nullable(z.number());
const windowSchema = z.object({ minutes: z.number(), from: isoTime, to: isoTime });

const cacheEntry = z.looseObject({
  namespace: z.string(),
  key: z.string(),
  tiers: z.array(z.string()),
  value: z.unknown(),
  ttlSeconds: nullableNumber,
  ttlLeftSeconds: nullableNumber,
  ageSeconds: nullableNumber,
  tags: z.array(z.string()),
});

const flag = z.looseObject({ name: z.string(), kind: z.string(), set: z.boolean(), value: z.unknown() });

/** The body of every error answer (README, "Errors"). */
export const errorBody = z.object({
  error: z.looseObject({ code: z.string(), message: z.string(), details: z.optional(z.unknown()) }),
  requestId: z.optional(z.string()),
});

/** Every list route's page (`toPage` in @roadcall/utils/pagination): `hasMore` is true exactly when `nextCursor` is set. */
const page = <T extends z.core.SomeType>(item: T) =>
  z.looseObject({ items: z.array(item), nextCursor: z.nullable(z.string()), hasMore: z.boolean() });

const vendor = z.looseObject({
  vendorId: z.string(),
  name: z.string(),
  services: z.array(z.string()),
  location: point,
  available: z.boolean(),
  rating: z.optional(z.number()),
  phone: z.optional(z.string()),
  metro: z.optional(z.string()),
});

const incident = z.looseObject({
  incidentId: z.string(),
  status: z.string(),
  driverId: z.string(),
  vendorId: z.optional(z.string()),
  serviceType: z.string(),
  location: point,
  vehicle: z.looseObject({ make: z.string(), model: z.string() }),
  createdAt: isoTime,
  updatedAt: isoTime,
  history: z.array(z.looseObject({ status: z.string(), at: isoTime })),
});

const job = z.looseObject({
  jobId: z.string(),
  type: z.string(),
  priority: z.string(),
  status: z.enum(['queued', 'processing', 'completed', 'failed', 'cancelled']),
  progress: z.number().check(z.minimum(0), z.maximum(100)),
  processedItems: z.number(),
  totalItems: z.optional(z.number()),
  result: z.optional(z.looseObject({ downloadUrl: z.optional(z.string()), summary: z.optional(z.record(z.string(), z.unknown())) })),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const payment = z.looseObject({
  id: z.string(),
  userId: z.string(),
  incidentId: z.string(),
  vendorId: z.string(),
  amountCents: z.number(),
  currency: z.string(),
  status: z.enum(['captured', 'refunded']),
  createdAt: isoTime,
});

const series = z.looseObject({
  name: z.string(),
  count: z.number(),
  errors: z.number(),
  errorRate: z.number(),
  coldStarts: z.number(),
  coldStartRatio: z.number(),
  latencyMs: z.object({ p50: nullableNumber, p95: nullableNumber, p99: nullableNumber, mean: nullableNumber }),
});
const cacheRow = z.looseObject({ namespace: z.string(), tier: z.string(), hits: z.number(), misses: z.number(), hitRate: nullableNumber });

const health = z.looseObject({
  status: z.string(),
  down: z.optional(z.array(z.string())),
  checks: z.optional(z.record(z.string(), z.looseObject({ status: z.string() }))),
});

/** A successful answer: its status and body schema (none for an empty body or a stream). */
export interface SuccessResponse {
  readonly status: number;
  readonly description: string;
  readonly schema?: z.core.$ZodType;
  /** Other success statuses with the same body (e.g. 200 for an idempotent replay of a 201). */
  readonly alsoStatuses?: ReadonlyArray<number>;
  /** `text/event-stream` instead of JSON. */
  readonly stream?: boolean;
}

export const RESPONSES: Readonly<Record<string, SuccessResponse>> = {
  'platform.health': { status: 200, description: 'Every dependency up (503 with the same body naming what is down)', schema: health },
  'platform.performanceMetrics': {
    status: 200,
    description: 'Per route and function figures across containers',
    schema: z.looseObject({
      window: windowSchema,
      routes: z.array(series),
      functions: z.array(series),
      cache: z.array(cacheRow),
      pools: z.array(z.looseObject({ name: z.string() })),
      containers: z.array(z.looseObject({ cpuPercent: z.number(), sseConnections: z.record(z.string(), z.number()) })),
      jobs: z.array(
        z.looseObject({
          type: z.string(),
          finished: z.number(),
          completed: z.number(),
          failed: z.number(),
          completionRate: z.number(),
          processingMs: z.object({ p50: nullableNumber, p95: nullableNumber, p99: nullableNumber, mean: nullableNumber }),
        }),
      ),
      queues: z.array(z.looseObject({ queue: z.string(), priority: z.string(), dlq: nullableNumber })),
      sse: z.looseObject({
        total: z.number(),
        byRoute: z.record(z.string(), z.number()),
        byUser: z.array(z.object({ userId: z.string(), connections: z.number() })),
      }),
    }),
  },
  'platform.events': {
    status: 200,
    description:
      "Server-Sent Events: job_progress, job_complete, job_failed (the caller's jobs), system_alert and analytics_update (admins); resync when a resume lost messages",
    stream: true,
  },
  'platform.broadcastAlert': {
    status: 202,
    description: "The system_alert was published to the admins' channel",
    schema: z.object({ id: z.string(), delivered: z.literal('admins') }),
  },
  'platform.performanceCache': {
    status: 200,
    description: 'Hit ratios per cache namespace and tier, and the Redis server figures',
    schema: z.looseObject({ window: windowSchema, namespaces: z.array(z.looseObject({ namespace: z.string() })), redis: z.unknown() }),
  },
  'platform.performanceDatabase': {
    status: 200,
    description: 'Pool figures per container and the PostgreSQL server figures',
    schema: z.looseObject({ window: windowSchema, pools: z.array(z.looseObject({})), server: z.unknown() }),
  },
  'platform.clearCache': {
    status: 200,
    description: 'What was cleared',
    schema: z.looseObject({
      cleared: z.looseObject({ by: z.string(), value: z.string() }),
      namespaces: z.array(z.string()),
      removed: nullableNumber,
    }),
  },
  'platform.cacheEntry': { status: 200, description: 'The entry: tiers, value, TTL left, age, tags', schema: cacheEntry },
  'platform.setCacheEntry': { status: 200, description: 'The entry as set', schema: cacheEntry },
  'platform.optimize': {
    status: 200,
    description: 'Each action with what it did and its measured effect',
    schema: z.looseObject({
      startedAt: isoTime,
      actions: z.array(z.looseObject({ action: z.string(), ok: z.boolean(), durationMs: z.number(), result: z.optional(z.unknown()) })),
    }),
  },
  'platform.platformMetrics': {
    status: 200,
    description: 'Incidents, assignment times, revenue and vendor supply per metro over the last 24 h',
    schema: z.looseObject({
      window: z.looseObject({ from: isoTime, to: isoTime }),
      incidents: z.looseObject({ total: z.number(), byStatus: z.record(z.string(), z.number()), assignmentSeconds: z.looseObject({}) }),
      revenue: z.array(z.looseObject({ currency: z.string(), payments: z.number(), revenueCents: z.number() })),
      vendors: z.looseObject({ total: z.number(), available: z.number(), byMetro: z.array(z.looseObject({ metro: z.string() })) }),
      computedAt: isoTime,
    }),
  },
  'platform.listFlags': {
    status: 200,
    description: 'Every flag of the catalog, set or default',
    schema: z.looseObject({ flags: z.array(flag) }),
  },
  'platform.setFlag': { status: 200, description: 'The flag as set', schema: flag },
  'platform.deleteFlag': { status: 200, description: 'The flag unset', schema: z.looseObject({ name: z.string(), deleted: z.boolean() }) },
  'platform.auditLog': {
    status: 200,
    description: 'A page of admin actions, newest first',
    schema: page(z.looseObject({ id: z.string(), at: isoTime, actor: z.string(), action: z.string(), subject: z.string() })),
  },
  'platform.performanceAnalyze': {
    status: 200,
    description: 'Findings over the window, worst first',
    schema: z.looseObject({
      window: windowSchema,
      findings: z.array(z.looseObject({ severity: z.string(), recommendation: z.optional(z.string()) })),
      summary: z.looseObject({ critical: z.number(), warning: z.number() }),
    }),
  },
  'vendors.search': {
    status: 200,
    description: 'Nearest vendors first',
    schema: z.looseObject({ items: z.array(z.extend(vendor, { distanceKm: z.number() })), count: z.number(), query: z.looseObject({}) }),
  },
  'vendors.get': { status: 200, description: 'The vendor', schema: vendor },
  'vendors.list': { status: 200, description: 'A page of vendors', schema: page(vendor) },
  'vendors.create': { status: 201, description: 'The vendor created', schema: vendor },
  'vendors.updateAvailability': { status: 200, description: 'The vendor', schema: vendor },
  'vendors.updateLocation': { status: 200, description: 'The vendor', schema: vendor },
  'incidents.me': {
    status: 200,
    description: "The caller's profile, vehicles and active incident (drivers) or open offers (vendors)",
    schema: z.looseObject({
      userId: z.string(),
      roles: z.array(z.string()),
      vehicles: z.array(z.looseObject({})),
      activeIncident: z.nullable(incident),
    }),
  },
  'incidents.create': { status: 201, description: 'The incident, matching under way', schema: incident },
  'incidents.list': { status: 200, description: "A page of the caller's incidents", schema: page(incident) },
  'incidents.offers': {
    status: 200,
    description: 'Open offers to the calling vendor',
    schema: z.looseObject({ items: z.array(z.looseObject({})) }),
  },
  'incidents.get': { status: 200, description: 'The incident', schema: incident },
  'incidents.accept': { status: 200, description: 'The incident, assigned to the caller', schema: incident },
  'incidents.updateStatus': { status: 200, description: 'The incident in its new status', schema: incident },
  'tracking.updateLocation': { status: 200, description: 'The position as stored', schema: z.looseObject({}) },
  'tracking.get': {
    status: 200,
    description: "The assigned vendor's latest position, distance and ETA",
    schema: z.looseObject({
      incidentId: z.string(),
      status: z.string(),
      position: z.nullable(z.looseObject({ lat: z.number(), lon: z.number() })),
      distanceKm: nullableNumber,
      etaMinutes: nullableNumber,
    }),
  },
  'payments.createPayment': {
    status: 201,
    alsoStatuses: [200],
    description: 'The payment (200 with the same body when an Idempotency-Key replays)',
    schema: payment,
  },
  'payments.getPayment': { status: 200, description: 'The payment', schema: payment },
  'payments.listPayments': { status: 200, description: "A page of the caller's payments", schema: page(payment) },
  'payments.revenue': { status: 200, description: 'Revenue per day over the range', schema: z.looseObject({}) },
  'payments.serviceTypes': {
    status: 200,
    description: 'Performance per service type',
    schema: z.looseObject({
      currency: z.string(),
      serviceTypes: z.array(z.looseObject({ serviceType: z.string(), revenueCents: z.number() })),
    }),
  },
  'payments.drivers': {
    status: 200,
    description: 'Driver segments and the top drivers by spend',
    schema: z.looseObject({
      currency: z.string(),
      segments: z.array(z.looseObject({ segment: z.string() })),
      top: z.array(z.looseObject({ driverId: z.string() })),
    }),
  },
  'payments.topVendors': {
    status: 200,
    description: 'Vendors by revenue',
    schema: z.looseObject({ currency: z.string(), vendors: z.array(z.looseObject({})) }),
  },
  'jobs.create': { status: 202, description: 'The job, queued', schema: job },
  'jobs.list': { status: 200, description: "A page of the caller's jobs", schema: page(job) },
  'jobs.get': { status: 200, description: 'The job (a freshly signed downloadUrl once an export completes)', schema: job },
  'jobs.cancel': { status: 200, description: 'The job, cancelled', schema: job },
  'jobs.events': {
    status: 200,
    description: 'Server-Sent Events: job_progress, then job_complete, job_failed or job_cancelled',
    stream: true,
  },
};
