import { randomUUID } from 'node:crypto';
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ENV, QUEUES, ROUTES } from '@roadcall/contracts';
import {
  createQueue,
  type LocalIdentity,
  localFunctionCaller,
  moduleResolver,
  type ProvisionedQueue,
  QueuePoller,
  queueBindings,
  type RunningApiServer,
  signLocalToken,
  startApiServer,
} from '@roadcall/local';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { stage, tableName } from '@roadcall/utils/config';
import { setFunctionCaller } from '@roadcall/utils/invoke';
import { createRedisClient, type RedisClient, redisClient } from '@roadcall/utils/redis';
import { type VendorServiceType, vendorGeoIndex, vendorService } from '@roadcall/vendors-svc';
import { vendorCapacity } from '@roadcall/vendors-svc/ports';
import type { Incident, MatchingConfig, MatchingMessage, MatchingOutcome, OfferEvent } from '../../src';
import { incidentKeys, matchingConfig } from '../../src';
import { CapacityGuard } from '../../src/capacity';
import { MatchingEngine } from '../../src/matching/engine';
import { OfferBoard } from '../../src/matching/offers';
import { vendorsServiceFinder } from '../../src/matching/vendors';
import { IncidentStore } from '../../src/store';

/**
 * The local stack as the tests need it: the API adapter over the contracts' routes (real
 * handlers, local JWTs), and optionally the SQS poller on the matching queue (real consumer).
 */
export interface Harness {
  readonly api: RunningApiServer;
  readonly poller?: QueuePoller;
  /** Every offer event published on the offers channel, and a way to await one. */
  readonly offers: OfferWatcher;
  stop(): Promise<void>;
}

export class OfferWatcher {
  readonly events: OfferEvent[] = [];
  readonly #waiters: Array<{ match: (event: OfferEvent) => boolean; resolve: (event: OfferEvent) => void }> = [];
  readonly #subscriber: RedisClient;

  private constructor(subscriber: RedisClient) {
    this.#subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => {
      const event = JSON.parse(message) as OfferEvent;
      this.events.push(event);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(event)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    });
  }

  static async start(): Promise<OfferWatcher> {
    const subscriber = createRedisClient();
    await subscriber.subscribe(incidentKeys.offerChannel());
    return new OfferWatcher(subscriber);
  }

  /** The next offer event (or one already seen) for the incident that satisfies `match`. */
  next(incidentId: string, match: (event: OfferEvent) => boolean = () => true, timeoutMs = 15_000): Promise<OfferEvent> {
    const test = (event: OfferEvent): boolean => event.incidentId === incidentId && match(event);
    const seen = this.events.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No matching offer for ${incidentId} within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push({
        match: test,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.#subscriber.quit();
  }
}

export async function startHarness(options: { poll: boolean }): Promise<Harness> {
  const resolve = moduleResolver();
  // Vendor capacity is the vendors service's function, reached as Lambda Invoke would: in-process here.
  setFunctionCaller(localFunctionCaller(resolve));
  const api = await startApiServer({ routes: ROUTES, resolve, jwtSecret: process.env[ENV.localJwtSecret] as string, stage: stage() });
  let poller: QueuePoller | undefined;
  let sqs: SQSClient | undefined;
  let ownQueue: { drop(): Promise<void> } | undefined;
  if (options.poll) {
    const queues = JSON.parse(process.env.ROADCALL_TEST_QUEUES as string) as Record<string, ProvisionedQueue>;
    sqs = new SQSClient({ useQueueUrlAsEndpoint: false });
    // A matching queue of this harness's own: test files run in parallel workers (and one after
    // another in a worker), and a poller on the shared queue would take another file's rounds and
    // run them against its own Redis and settings (publishing offers the other file never sees),
    // or a previous file's leftover rounds would queue ahead of this file's.
    const contract = QUEUES.incidentMatching;
    const shared = queues.incidentMatching as ProvisionedQueue;
    const own = await createQueue(sqs, contract, `${shared.url.split('/').pop()}-${randomUUID().slice(0, 8)}`);
    const previousUrl = process.env[contract.envVar];
    process.env[contract.envVar] = own.url;
    const client = sqs;
    ownQueue = {
      drop: async () => {
        if (previousUrl === undefined) delete process.env[contract.envVar];
        else process.env[contract.envVar] = previousUrl;
        for (const url of [own.url, own.dlqUrl]) await client.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
      },
    };
    const bindings = queueBindings({ incidentMatching: own }, resolve).filter(
      (binding) => binding.functionName === 'incidents.processMatching',
    );
    poller = new QueuePoller({ sqs, bindings, waitTimeSeconds: 1 });
    poller.start();
  }
  const offers = await OfferWatcher.start();
  return {
    api,
    poller,
    offers,
    stop: async () => {
      await poller?.stop();
      await ownQueue?.drop();
      sqs?.destroy();
      await offers.stop();
      await api.close();
      setFunctionCaller(undefined);
    },
  };
}

/** A caller: its identity, a token, and a JSON fetch against the harness API. */
export interface Caller {
  readonly identity: LocalIdentity;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely and assert each one
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function caller(api: RunningApiServer, identity: LocalIdentity): Promise<Caller> {
  const token = await signLocalToken(identity, process.env[ENV.localJwtSecret] as string);
  return {
    identity,
    async call(method, path, body) {
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
    },
  };
}

export const driver = (name = randomUUID()): LocalIdentity => ({
  userId: `driver-${name}`,
  email: `${name}@drivers.test`,
  roles: ['driver'],
});
export const vendor = (vendorId: string): LocalIdentity => ({
  userId: `user-${vendorId}`,
  email: `${vendorId}@vendors.test`,
  roles: ['vendor'],
  vendorId,
});
export const admin = (): LocalIdentity => ({ userId: `admin-${randomUUID()}`, email: 'admin@roadcall.test', roles: ['admin'] });

/** A random point on land-or-sea well away from every other test's points (isolation by place). */
export function randomPlace(): { lat: number; lon: number } {
  return { lat: -50 + Math.random() * 100, lon: -170 + Math.random() * 340 };
}

/** A point `km` east of `from`. */
export function east(from: { lat: number; lon: number }, km: number): { lat: number; lon: number } {
  return { lat: from.lat, lon: from.lon + km / (111.195 * Math.cos((from.lat * Math.PI) / 180)) };
}

/**
 * Vendors created through the vendors service's public interface (`vendorService().create`: its
 * table, the truth, and its geo index), as matching finds them in production: the index while
 * Redis has it, the table while it does not. Removed again by `clear`: the service has no delete,
 * so from the table, and from the index through the vendors service's own `vendorGeoIndex()` (the
 * harness knows no key of the vendors' keyspace).
 */
export class VendorFleet {
  readonly ids: string[] = [];

  async add(
    id: string,
    at: { lat: number; lon: number },
    options: { services?: VendorServiceType[]; rating?: number } = {},
  ): Promise<string> {
    this.ids.push(id);
    await vendorService().create({
      vendorId: id,
      name: id,
      services: options.services ?? ['towing'],
      location: at,
      available: true,
      rating: options.rating ?? 4,
    });
    return id;
  }

  async clear(): Promise<void> {
    const table = tableName('vendors');
    for (const vendorId of this.ids.splice(0)) {
      await dynamoDocumentClient().send(new DeleteCommand({ TableName: table, Key: { vendorId } }));
      await vendorGeoIndex().remove(vendorId);
    }
  }
}

/** Polls `probe` until it returns a value (not undefined), for outcomes no event announces. */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export const towing = (at: { lat: number; lon: number }) => ({
  location: at,
  serviceType: 'towing',
  vehicle: { make: 'Volkswagen', model: 'Golf', year: 2019, plate: 'B-RC 123' },
  description: 'Engine will not start',
});

/** Matching whose rounds run when the test says: see {@link manualMatching}. */
export interface ManualMatching {
  /** Writes a `created` incident straight to the table (no SQS message: the poller never sees it). */
  open(driverId: string, at: { lat: number; lon: number }): Promise<string>;
  /** Runs the incident's pending step (round 0 first); returns what it did and the incident after it. */
  round(incidentId: string): Promise<[MatchingOutcome, Incident]>;
}

/**
 * The real matching engine (incidents table, vendors service search and capacity, offer board)
 * whose queue only records each incident's next step: a round runs when the test calls it, so an
 * offer closes exactly when the test says, whatever the machine's speed.
 */
export function manualMatching(config: () => MatchingConfig = () => matchingConfig()): ManualMatching {
  const store = new IncidentStore();
  const steps = new Map<string, MatchingMessage>();
  const engine = new MatchingEngine({
    store,
    finder: vendorsServiceFinder(),
    capacity: new CapacityGuard({ store, vendors: vendorCapacity }),
    board: new OfferBoard(redisClient()),
    queue: {
      send: async (message) => {
        steps.set(message.incidentId, message);
      },
    },
    notifier: { escalated: async () => undefined },
    config,
  });
  return {
    async open(driverId, at) {
      const now = new Date().toISOString();
      const incidentId = randomUUID();
      await store.create({
        incidentId,
        driverId,
        status: 'created',
        serviceType: 'towing',
        location: at,
        vehicle: { make: 'Volkswagen', model: 'Golf' },
        createdAt: now,
        updatedAt: now,
        history: [{ status: 'created', at: now, by: driverId }],
      });
      return incidentId;
    },
    async round(incidentId) {
      const outcome = await engine.handle(steps.get(incidentId) ?? { incidentId, round: 0 });
      return [outcome, (await store.get(incidentId, true)) as Incident];
    },
  };
}
