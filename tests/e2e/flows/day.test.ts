import { randomUUID } from 'node:crypto';
import { allFunctions } from '@roadcall/contracts';
import {
  ApiClient,
  awaitOffer,
  type E2eStack,
  type ErrorBody,
  e2eStack,
  type Incident,
  incidentBody,
  newDriver,
  newVendor,
  north,
  remoteSpot,
  type Spot,
  show,
  type TestUser,
  type TestVendor,
  waitFor,
} from '../support';
import { currentTarget } from '../support/connect';

/**
 * A day of operations, black-box over HTTP against the whole stack: drivers report incidents in
 * three places, vendors accept offers (or let them lapse: declining is not accepting), report their
 * positions and finish or lose their jobs to a cancel, drivers pay, an admin disables vendors in
 * bulk and runs a report and an export. It asserts what only the services together can keep true:
 * - no vendor is ever on two incidents at once (capacity 1): a busy vendor's accept is a 409
 *   `VENDOR_AT_CAPACITY`, matching offers it nothing new, and no two of its jobs overlap;
 * - no offer reaches a vendor after its bulk disable has completed (the bound: 0 after the job;
 *   offers made before it may stay listed until their window closes, but cannot be accepted);
 * - the report's total equals the captured payments of the incidents in its range;
 * - every function that ran shows in /performance/metrics; /performance/database shows the pool.
 * Deterministic: every wait is a bounded poll of a real condition; nothing sleeps.
 */
let stack: E2eStack;
let api: ApiClient;

/** The metrics flush runs every METRICS_FLUSH_INTERVAL_MS (10 s by default) in every container. */
const FLUSH_BOUND_MS = 40_000;
const PLACES = 3;

interface IncidentView extends Incident {
  readonly history?: Array<{ status: string; at: string }>;
  readonly matching?: { round: number; offeredCount: number };
}
interface Job {
  readonly jobId: string;
  readonly status: string;
  readonly result?: { summary?: Record<string, unknown>; errors?: unknown[]; downloadUrl?: string };
}

interface Place {
  readonly spot: Spot;
  readonly driver: TestUser;
  /** [0] stays on duty all day; [1] is disabled by the admin in the afternoon. */
  readonly vendors: [TestVendor, TestVendor];
}

const places: Place[] = [];
const paid: Array<{ incidentId: string; amountCents: number; driver: TestUser }> = [];
/** Every incident a vendor got (vendorId -> incident ids), for the overlap check at the end. */
const jobsOf = new Map<string, string[]>();

beforeAll(async () => {
  stack = e2eStack();
  api = new ApiClient(stack);
  for (let index = 0; index < PLACES; index++) {
    const spot = remoteSpot();
    places.push({
      spot,
      driver: await newDriver(stack, `day-${index}`),
      vendors: [
        await newVendor(api, stack, north(spot, 0.5), `day-${index}-a`),
        await newVendor(api, stack, north(spot, 1), `day-${index}-b`),
      ],
    });
  }
});

async function report(driver: TestUser, spot: Spot): Promise<string> {
  const created = await api.post<IncidentView>('/incidents', { as: driver.as, body: incidentBody(spot) });
  expect(show(created)).toMatch(/^201 /);
  return created.body.incidentId;
}

async function view(incidentId: string, as: TestUser): Promise<IncidentView> {
  const seen = await api.get<IncidentView>(`/incidents/${incidentId}`, { as: as.as });
  expect(show(seen)).toMatch(/^200 /);
  return seen.body;
}

async function move(vendor: TestVendor, incidentId: string, statuses: string[]): Promise<void> {
  for (const status of statuses) {
    const moved = await api.put<IncidentView>(`/incidents/${incidentId}/status`, { as: vendor.as, body: { status } });
    expect(`${status}: ${show(moved)}`).toMatch(new RegExp(`^${status}: 200 `));
  }
}

async function openOffers(vendor: TestVendor): Promise<string[]> {
  const offers = await api.get<{ items: Incident[] }>('/incidents/offers', { as: vendor.as });
  expect(show(offers)).toMatch(/^200 /);
  return offers.body.items.map((item) => item.incidentId);
}

async function runJob(as: TestUser | 'admin', body: Record<string, unknown>): Promise<Job> {
  const caller = as === 'admin' ? 'admin' : as.as;
  const created = await api.post<Job>('/jobs', { as: caller, body });
  expect(show(created)).toMatch(/^202 /);
  let last = '';
  return waitFor(
    async () => {
      const job = await api.get<Job>(`/jobs/${created.body.jobId}`, { as: caller });
      last = show(job);
      if (job.body.status === 'failed' || job.body.status === 'cancelled') throw new Error(`job ${last}`);
      return job.body.status === 'completed' ? job.body : undefined;
    },
    { what: `job ${created.body.jobId} (${String(body.type)}) to complete`, timeoutMs: 30_000 },
    () => last,
  );
}

describe('a day of operations', () => {
  it('morning: two incidents per place; a vendor accepting both gets one (409 VENDOR_AT_CAPACITY), its neighbour takes the other', async () => {
    await Promise.all(
      places.map(async ({ spot, driver, vendors: [first, second] }) => {
        const incidents = await Promise.all([report(driver, spot), report(driver, spot)]);
        for (const incidentId of incidents) await awaitOffer(api, first, incidentId);
        // The nearer vendor races for both at once: capacity 1 lets exactly one through.
        const answers = await Promise.all(incidents.map((id) => api.put<ErrorBody>(`/incidents/${id}/accept`, { as: first.as })));
        const statuses = answers.map((answer) => answer.status).sort();
        expect(statuses).toEqual([200, 409]);
        const refused = answers.find((answer) => answer.status === 409) as (typeof answers)[number];
        expect(refused.body.error.code).toBe('VENDOR_AT_CAPACITY');
        const mine = incidents[answers.findIndex((answer) => answer.status === 200)] as string;
        const other = incidents.find((id) => id !== mine) as string;
        jobsOf.set(first.vendorId, [mine]);
        // The second vendor had the same offer (it let others lapse: declining is not accepting).
        await awaitOffer(api, second, other);
        expect(show(await api.put(`/incidents/${other}/accept`, { as: second.as }))).toMatch(/^200 /);
        jobsOf.set(second.vendorId, [other]);

        // Both busy: a third incident is offered to neither (its first round finds nobody free).
        const third = await report(driver, spot);
        let last = '';
        const waited = await waitFor(
          async () => {
            const seen = await view(third, driver);
            last = JSON.stringify(seen.matching);
            return (seen.matching?.round ?? 0) >= 1 ? seen : undefined;
          },
          { what: `the first matching round of ${third}` },
          () => last,
        );
        expect(waited.matching?.offeredCount).toBe(0);
        expect(await openOffers(first)).not.toContain(third);
        expect(await openOffers(second)).not.toContain(third);
        expect(show(await api.put(`/incidents/${third}/status`, { as: driver.as, body: { status: 'cancelled' } }))).toMatch(/^200 /);
      }),
    );
  });

  it('midday: vendors report their positions, finish or lose their jobs, drivers pay the finished ones', async () => {
    for (const { spot, driver, vendors } of places) {
      const [first, second] = vendors;
      const firstJob = jobsOf.get(first.vendorId)?.[0] as string;
      const secondJob = jobsOf.get(second.vendorId)?.[0] as string;
      for (const [vendor, incidentId] of [
        [first, firstJob],
        [second, secondJob],
      ] as const) {
        const position = await api.put(`/tracking/${incidentId}/location`, { as: vendor.as, body: north(vendor.location, -0.2) });
        expect(show(position)).toMatch(/^2\d\d /);
      }
      await move(first, firstJob, ['en_route', 'arrived', 'completed']);
      // The driver of the second gave up waiting: cancelled, so that vendor is free again too.
      expect(show(await api.put(`/incidents/${secondJob}/status`, { as: driver.as, body: { status: 'cancelled' } }))).toMatch(/^200 /);

      const amountCents = 5_000 + Math.floor(Math.random() * 10_000);
      const payment = await api.post('/payments', {
        as: driver.as,
        body: { incidentId: firstJob, vendorId: first.vendorId, amountCents, currency: 'USD', description: 'day of operations' },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(show(payment)).toMatch(/^201 /);
      paid.push({ incidentId: firstJob, amountCents, driver });

      // Free again: the nearer vendor is offered the next incident and takes it.
      const next = await report(driver, spot);
      await awaitOffer(api, first, next);
      expect(show(await api.put(`/incidents/${next}/accept`, { as: first.as }))).toMatch(/^200 /);
      jobsOf.get(first.vendorId)?.push(next);
      await move(first, next, ['en_route', 'arrived', 'completed']);
      const amount = 7_500;
      const secondPayment = await api.post('/payments', {
        as: driver.as,
        body: { incidentId: next, vendorId: first.vendorId, amountCents: amount, currency: 'USD' },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(show(secondPayment)).toMatch(/^201 /);
      paid.push({ incidentId: next, amountCents: amount, driver });
    }
  });

  it('afternoon: a bulk disable takes effect everywhere: no offer reaches a disabled vendor once the job completed', async () => {
    const disabled = places.map((place) => place.vendors[1]);
    const job = await runJob('admin', {
      type: 'bulk_operation',
      params: { operation: 'update_vendors', set: { available: false }, vendorIds: disabled.map((vendor) => vendor.vendorId) },
    });
    expect(job.result?.summary).toMatchObject({ updated: PLACES, failed: 0 });
    for (const vendor of disabled) {
      const profile = await api.get<{ available: boolean }>(`/vendors/${vendor.vendorId}`, { as: 'driver' });
      expect(profile.body.available).toBe(false);
    }
    // The nearer vendor takes a job, so the disabled one is the only other vendor in reach: a new
    // incident must then be offered to nobody rather than to it.
    for (const { spot, driver, vendors } of places) {
      const [first, second] = vendors;
      const busy = await report(driver, spot);
      await awaitOffer(api, first, busy);
      expect(show(await api.put(`/incidents/${busy}/accept`, { as: first.as }))).toMatch(/^200 /);
      jobsOf.get(first.vendorId)?.push(busy);
      const after = await report(driver, spot);
      let last = '';
      const seen = await waitFor(
        async () => {
          const current = await view(after, driver);
          last = JSON.stringify(current.matching);
          return (current.matching?.round ?? 0) >= 1 ? current : undefined;
        },
        { what: `the first matching round of ${after}` },
        () => last,
      );
      expect(seen.matching?.offeredCount).toBe(0);
      expect(await openOffers(second)).not.toContain(after);
      expect(await openOffers(second)).not.toContain(busy);
      expect(show(await api.put(`/incidents/${after}/status`, { as: driver.as, body: { status: 'cancelled' } }))).toMatch(/^200 /);
      await move(first, busy, ['en_route', 'arrived', 'completed']);
    }
  });

  it('evening: no vendor was ever on two incidents at once', async () => {
    for (const { driver, vendors } of places) {
      for (const vendor of vendors) {
        const spans = [];
        for (const incidentId of jobsOf.get(vendor.vendorId) ?? []) {
          const incident = await view(incidentId, driver);
          const history = incident.history ?? [];
          const from = Date.parse(history.find((change) => change.status === 'assigned')?.at as string);
          const end = history.find((change) => change.status === 'completed' || change.status === 'cancelled');
          spans.push({ from, to: end ? Date.parse(end.at) : Number.POSITIVE_INFINITY });
        }
        spans.sort((a, b) => a.from - b.from);
        for (let index = 1; index < spans.length; index++) {
          expect((spans[index] as { from: number }).from).toBeGreaterThanOrEqual((spans[index - 1] as { to: number }).to);
        }
      }
    }
  });

  it('evening: the report totals equal the captured payments of its incidents; the export completes', async () => {
    const today = new Date().toISOString().slice(0, 10);
    for (const { driver } of places) {
      const captured = paid.filter((payment) => payment.driver === driver).reduce((sum, payment) => sum + payment.amountCents, 0);
      const job = await runJob(driver, {
        type: 'report_generation',
        params: { report: 'incident_summary', scope: 'mine', from: today, to: today },
      });
      // The driver's incidents today: 2 + 1 (morning), 1 (midday), 2 (afternoon); 2 of them paid.
      expect(job.result?.summary).toMatchObject({ incidents: 6 });
      expect(job.result?.summary?.amountTotal).toBe(captured);
      const exported = await runJob(driver, { type: 'export', params: { source: 'incidents', scope: 'mine' } });
      expect(exported.result?.downloadUrl ?? exported.result?.summary).toBeDefined();
    }
  });

  /**
   * Where a function's figures reach /performance/metrics: the cross-container aggregation lives in
   * Redis. `pnpm dev` gives every handler one env with Redis; in AWS (and on the cloud assembly)
   * a function whose contract has no Redis runs outside the VPC and reports through EMF to
   * CloudWatch alone, so it cannot appear here (docs/performance.md says so).
   */
  const reportsToRedis = (id: string): boolean =>
    currentTarget() === 'dev' || allFunctions().some((fn) => fn.id === id && fn.uses.redis === true);

  it('evening: every function that ran is in /performance/metrics', async () => {
    const ran = [
      'vendors.create',
      'vendors.get',
      'incidents.create',
      'incidents.get',
      'incidents.offers',
      'incidents.accept',
      'incidents.updateStatus',
      'tracking.updateLocation',
      'payments.createPayment',
      'jobs.create',
      'jobs.get',
      // Not HTTP: the matching consumer, the jobs consumer, the vendors functions they invoke.
      'incidents.processMatching',
      'jobs.processJobs',
      'vendors.capacity',
      'vendors.applyChanges',
    ].filter(reportsToRedis);
    let missing: string[] = ran;
    await waitFor(
      async () => {
        const metrics = await api.get<Record<string, unknown>>('/performance/metrics', { as: 'admin', query: { minutes: 60 } });
        const names = new Set(
          Object.values(metrics.body)
            .filter(Array.isArray)
            .flatMap((list) => (list as Array<{ name?: unknown }>).map((entry) => String(entry.name))),
        );
        missing = ran.filter((name) => !names.has(name));
        return missing.length === 0 ? true : undefined;
      },
      { what: 'every function that ran in /performance/metrics', timeoutMs: FLUSH_BOUND_MS, intervalMs: 1_000 },
      () => `missing ${missing.join(', ')}`,
    );
  });

  it('evening: /performance/database shows the connection pool the payments ran on', async () => {
    const database = await api.get<{ pools: unknown[] }>('/performance/database', { as: 'admin' });
    expect(show(database)).toMatch(/^200 /);
    expect(database.body.pools.length).toBeGreaterThan(0);
  });
});
