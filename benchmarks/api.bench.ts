/**
 * `pnpm bench api`: the cost of a request through Roadcall's local stack against a raw server of
 * our own (support/rawServer.ts: plain node:http, no framework, the same I/O per request type on
 * the same engines), measured in one run with wrk (a C load generator) and one request mix:
 * 55% vendor search at random points near metros, 25% vendor profile, 10% payment creation with
 * fresh idempotency keys, 10% health; 10,500 seeded vendors.
 *
 * Each server is its own process (support/serve.ts), so CPU per request is read from /proc for the
 * API process tree, the engines tree (Redis, PostgreSQL, dynalite, fauxqs) and wrk.
 * 1. Max throughput: wrk as fast as it goes at 16, 32 and 64 connections (servers alternate per step).
 * 2. Capacity at the SLO (p95 <= 25 ms and p99 <= 50 ms, no errors, >= 95% of the offered rate):
 *    a bisection of offered rates between 0 and the server's max throughput, each held
 *    {@link HOLD_SECONDS} s, after a warm-up of that server.
 * 3. Latency at a common rate: both servers at 75% of the lower SLO capacity for
 *    {@link COMMON_SECONDS} s, each after a warm-up; CPU per request is taken from these runs.
 * Rates are offered open loop: wrk (which has no constant-rate mode) runs mix.lua's delay(), which
 * gives every request the next slot of a per-thread schedule; latency is timed from each send.
 * A thread that falls behind sends at once, so a server that cannot keep up shows it as a lower
 * achieved rate (and fails the step) rather than as omitted latency.
 *
 * Options: --workers N (Roadcall's local runtime with N worker processes), --quick (short holds),
 * --cpu-prof DIR (V8 CPU profiles of the Roadcall API processes, written to DIR when they stop),
 * --serve (seed, start both servers, print their URLs and the wrk script, and wait for Ctrl-C: for
 * profiling by hand).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { ENV } from '@roadcall/contracts';
import { signLocalToken } from '@roadcall/local';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { closeCaches } from '@roadcall/utils/cache';
import { tableName } from '@roadcall/utils/config';
import { closeRedisClient } from '@roadcall/utils/redis';
import { PutCommand } from '../services/incidents-svc/tests/support/sdk';
import { DynamoVendorRepository, vendorTableClient } from '../services/vendors-svc/src/repository';
import { vendorGeoIndex, vendorIndexMirror } from '../services/vendors-svc/src/runtime';
import { METROS, seededVendorId, seedVendors } from '../services/vendors-svc/src/seed';
import { withEngines } from './support/engines';
import { report } from './support/report';
import { SERVE_READY_MARKER } from './support/serve';
import { runWrk, type WrkRun, writeMixScript } from './support/wrk';

const VENDORS = 10_500;
const VENDOR_SEED = 20;
/** Completed incidents of the bench driver: what payments are created for. */
const PAYABLE_INCIDENTS = 200;
const CONNECTIONS = [16, 32, 64] as const;
/** Connections of the paced runs: enough that the schedule never waits for a free one below the SLO. */
const PACED_CONNECTIONS = 100;
const quick = process.argv.includes('--quick');
const MAX_SECONDS = quick ? 4 : 8;
const WARMUP_SECONDS = quick ? 3 : 6;
/** How long each offered rate of the SLO search is held (the SLO's definition: held for 30 s). */
const HOLD_SECONDS = quick ? 4 : 30;
const BISECTION_STEPS = 5;
const COMMON_SECONDS = quick ? 6 : 15;
const COMMON_SHARE = 0.75;
const SLO = { p95: 25, p99: 50 } as const;
/** A step passes only if it achieved this share of the offered rate. */
const ACHIEVED_SHARE = 0.95;

const workersArg = process.argv.indexOf('--workers');
const WORKERS = workersArg >= 0 ? Number(process.argv[workersArg + 1]) : 1;
const profileArg = process.argv.indexOf('--cpu-prof');
const PROFILE_DIR = profileArg >= 0 ? process.argv[profileArg + 1] : undefined;

const DRIVER = { userId: 'bench-api-driver', email: 'bench-driver@roadcall.local', roles: ['driver'] as const };

interface Server {
  readonly name: 'roadcall' | 'raw';
  readonly url: string;
  readonly process: ChildProcess;
}

async function startServer(name: Server['name'], config: Record<string, unknown>): Promise<Server> {
  const profile = PROFILE_DIR && name === 'roadcall' ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(__dirname, 'support', 'serve.ts'), name], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '', BENCH_SERVE: JSON.stringify(config) },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(SERVE_READY_MARKER));
      if (line) resolve(Number(line.slice(SERVE_READY_MARKER.length)));
    });
    child.once('exit', (code) => reject(new Error(`${name} server exited (code ${code}) before it listened.\n${stderr}`)));
  });
  child.stdout?.resume();
  // --verbose: what the server prints (logs, metrics) goes to this process's stderr.
  if (process.argv.includes('--verbose')) child.stdout?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk}`));
  return { name, url: `http://127.0.0.1:${port}`, process: child };
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

async function seed(): Promise<string[]> {
  const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
  await seedVendors({ count: VENDORS, seed: VENDOR_SEED, repo, index: vendorGeoIndex() });
  // The index as a complete mirror of the table (its ready marker), as `pnpm dev`'s seed leaves it.
  const state = await vendorIndexMirror().index.readState();
  if (state?.status !== 'ready') await vendorIndexMirror().rebuild();
  const documents = dynamoDocumentClient();
  const now = new Date().toISOString();
  const incidents = Array.from({ length: PAYABLE_INCIDENTS }, (_, index) => `inc-bench-${String(index).padStart(4, '0')}`);
  for (let start = 0; start < incidents.length; start += 25) {
    await Promise.all(
      incidents.slice(start, start + 25).map((incidentId, offset) =>
        documents.send(
          new PutCommand({
            TableName: tableName('incidents'),
            Item: {
              incidentId,
              driverId: DRIVER.userId,
              vendorId: seededVendorId(start + offset + 1),
              status: 'completed',
              type: 'towing',
              location: { lat: 40.71, lon: -74.0 },
              createdAt: now,
              updatedAt: now,
            },
          }),
        ),
      ),
    );
  }
  return incidents;
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));
const load = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const loadBefore = load();
  await withEngines(async (engines) => {
    process.stdout.write(`seeding ${VENDORS} vendors and ${PAYABLE_INCIDENTS} completed incidents...\n`);
    const incidents = await seed();
    const jwtSecret = process.env[ENV.localJwtSecret] as string;
    const env = {
      ...engines.env,
      [ENV.localJwtSecret]: jwtSecret,
      [ENV.cursorSecret]: process.env[ENV.cursorSecret] as string,
      [ENV.logLevel]: process.env[ENV.logLevel] ?? 'ERROR',
    };
    const script = writeMixScript({
      token: await signLocalToken(DRIVER, jwtSecret),
      vendors: VENDORS,
      metros: METROS.map(({ lat, lon, spreadKm }) => ({ lat, lon, spreadKm })),
      incidents,
      run: randomUUID().slice(0, 8),
    });
    const servers = [
      await startServer('raw', { env, queues: engines.queues, jwtSecret }),
      await startServer('roadcall', { env, queues: engines.queues, jwtSecret, workers: WORKERS }),
    ];
    const watch = (server: Server): Record<string, number[]> => ({
      api: [server.process.pid as number],
      engines: [engines.pid, ...engines.pids],
    });
    const drive = (server: Server, connections: number, seconds: number, rate?: number): Promise<WrkRun> =>
      runWrk({ url: server.url, script, connections, seconds, rate, watch: watch(server) });
    const rows: Array<Record<string, string | number>> = [];
    const row = (phase: string, server: Server, run: WrkRun, extra: Record<string, string | number> = {}): void => {
      rows.push({
        phase,
        server: server.name,
        ...extra,
        'req/s': round(run.rps, 0),
        'p50 ms': round(run.p50, 2),
        'p95 ms': round(run.p95, 2),
        'p99 ms': round(run.p99, 2),
        errors: run.errors,
        'api cpu ms/req': round(run.cpuMsPerRequest.api as number, 3),
        'engines cpu ms/req': round(run.cpuMsPerRequest.engines as number, 3),
        'wrk cpu ms/req': round(run.cpuMsPerRequest.generator as number, 3),
      });
    };

    const serveOnly = process.argv.includes('--serve');
    if (serveOnly) {
      process.stdout.write(
        `raw ${servers[0]?.url}\nroadcall ${servers[1]?.url}\nwrk -t2 -c32 -d10s -s ${script} <url> -- <rate/s, 0 = max> 2\nCtrl-C stops.\n`,
      );
    }
    try {
      // --serve: no measurement; Ctrl-C (SIGINT to the whole group) stops the servers, which then
      // write their CPU profiles, and the engines.
      if (serveOnly) {
        await new Promise((resolve) => process.once('SIGINT', resolve));
        return;
      }
      process.stdout.write(`load average before: ${loadBefore}; warming up...\n`);
      for (const server of servers) await drive(server, 32, WARMUP_SECONDS);

      // 1. Max throughput per connection count (the servers alternate, so drift hits both).
      const max: Record<string, Record<number, WrkRun>> = { raw: {}, roadcall: {} };
      for (const connections of CONNECTIONS) {
        for (const server of servers) {
          const run = await drive(server, connections, MAX_SECONDS);
          (max[server.name] as Record<number, WrkRun>)[connections] = run;
          row('max', server, run, { conns: connections });
        }
      }

      // 2. Capacity at the SLO: bisection of the offered rate.
      const capacity: Record<string, { rate: number; run?: WrkRun }> = {};
      for (const server of servers) {
        // Warm again first: the other server's runs take minutes, longer than the search cache's
        // TTL, so without this the first step of whichever server goes second starts on expired
        // caches (a refill burst that failed Roadcall's first step at half its max in one run).
        await drive(server, 32, WARMUP_SECONDS);
        let low = 0;
        let high = Math.max(...Object.values(max[server.name] as Record<number, WrkRun>).map((run) => run.rps));
        let best: { rate: number; run?: WrkRun } = { rate: 0 };
        for (let step = 0; step < BISECTION_STEPS; step++) {
          const rate = Math.round((low + high) / 2);
          const run = await drive(server, PACED_CONNECTIONS, HOLD_SECONDS, rate);
          const pass = run.p95 <= SLO.p95 && run.p99 <= SLO.p99 && run.errors === 0 && run.rps >= ACHIEVED_SHARE * rate;
          row('slo', server, run, { offered: rate, pass: pass ? 'yes' : 'no' });
          if (pass) {
            low = rate;
            if (run.rps > best.rate) best = { rate: run.rps, run };
          } else high = rate;
        }
        capacity[server.name] = best;
      }

      // 3. Latency and CPU per request at a common rate both servers sustain.
      const commonRate = Math.max(
        50,
        Math.round((COMMON_SHARE * Math.min(capacity.raw?.rate ?? 0, capacity.roadcall?.rate ?? 0)) / 50) * 50,
      );
      const common: Record<string, WrkRun> = {};
      for (const server of servers) {
        await drive(server, 32, WARMUP_SECONDS);
        const run = await drive(server, PACED_CONNECTIONS, COMMON_SECONDS, commonRate);
        common[server.name] = run;
        row('common', server, run, { offered: commonRate });
      }

      const maxOf = (name: string): number => Math.max(...Object.values(max[name] as Record<number, WrkRun>).map((run) => run.rps));
      const cpu = (name: string): Record<string, number> =>
        Object.fromEntries(Object.entries((common[name] as WrkRun).cpuMsPerRequest).map(([key, value]) => [key, round(value, 3)]));
      const ratio = (a: number, b: number): number => round(a / b, 3);
      const figures = {
        workers: WORKERS,
        vendors: VENDORS,
        mix: { search: 0.55, profile: 0.25, payment: 0.1, health: 0.1 },
        slo: { ...SLO, holdSeconds: HOLD_SECONDS, bisectionSteps: BISECTION_STEPS },
        maxRps: Object.fromEntries(
          servers.map((server) => [
            server.name,
            Object.fromEntries(CONNECTIONS.map((c) => [c, round((max[server.name] as Record<number, WrkRun>)[c]?.rps ?? 0, 0)])),
          ]),
        ),
        capacityRps: { raw: round(capacity.raw?.rate ?? 0, 0), roadcall: round(capacity.roadcall?.rate ?? 0, 0) },
        commonRate,
        latencyAtCommonRate: Object.fromEntries(
          servers.map((server) => {
            const run = common[server.name] as WrkRun;
            return [server.name, { rps: round(run.rps, 0), p50: round(run.p50, 2), p95: round(run.p95, 2), p99: round(run.p99, 2) }];
          }),
        ),
        cpuMsPerRequest: { raw: cpu('raw'), roadcall: cpu('roadcall') },
        ratios: {
          maxThroughput: ratio(maxOf('roadcall'), maxOf('raw')),
          maxThroughputByConnections: Object.fromEntries(
            CONNECTIONS.map((c) => [
              c,
              ratio((max.roadcall as Record<number, WrkRun>)[c]?.rps ?? 0, (max.raw as Record<number, WrkRun>)[c]?.rps ?? 1),
            ]),
          ),
          capacityAtSlo: ratio(capacity.roadcall?.rate ?? 0, capacity.raw?.rate || 1),
          apiCpuPerRequest: ratio(
            (common.roadcall as WrkRun).cpuMsPerRequest.api as number,
            (common.raw as WrkRun).cpuMsPerRequest.api as number,
          ),
        },
        targets: { maxThroughput: '>= 0.5', capacityAtSlo: '>= 0.5', apiCpuPerRequest: '<= 2' },
        loadAverage: { before: loadBefore, after: load() },
      };
      report(
        `bench api (Roadcall local stack, ${WORKERS} worker${WORKERS === 1 ? '' : 's'}, vs raw node:http; load average ${figures.loadAverage.after})`,
        rows,
        figures,
      );
    } finally {
      await Promise.all(servers.map(stopServer));
      await closeCaches();
      await closeRedisClient();
    }
  });
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
