/**
 * `pnpm bench jobs`: 100,000-item export and bulk_operation jobs end to end on private engines
 * (dynalite, fauxqs for SQS and S3, aws-ses-v2-local): POST /jobs on the real API adapter, the
 * real processJobs handler behind the real QueuePoller on the contract queues, an SSE client on
 * GET /jobs/{id}/events. Figures:
 * - items/s of each job (startedAt -> completedAt) against the raw paginated Scan of the same
 *   table in the same run (the baseline; target export >= 0.5x);
 * - progress writes per second per job (target <= 2; the job item counts them);
 * - SSE lag: client receive time minus the progress write's updatedAt (same machine clock).
 */
import { request as httpRequest } from 'node:http';
import { ENV, JOBS_ROUTES, TABLES } from '@roadcall/contracts';
import { moduleResolver, QueuePoller, queueBindings, signLocalToken, startApiServer } from '@roadcall/local';
import { dynamoDocumentClient, sqsClient } from '@roadcall/utils/aws';
import { batchWrite } from '@roadcall/utils/dynamo';
import { vendorsTable as vendorsReader } from '../services/jobs-svc/src/repositories';
import { JobStore } from '../services/jobs-svc/src/store';
import type { JobRecord } from '../services/jobs-svc/src/types';
import { withEngines } from './support/engines';
import { report } from './support/report';
import { summarize } from './support/stats';

const ITEMS = Number(process.env.BENCH_JOBS_ITEMS ?? 100_000);
const PAGE = 1_000;

interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
  readonly at: number;
}

/** Opens the job's event stream; resolves with every event once the stream ends. */
function listen(url: string, token: string): Promise<SseEvent[]> {
  return new Promise((resolve, reject) => {
    const events: SseEvent[] = [];
    const req = httpRequest(url, { headers: { Authorization: `Bearer ${token}` } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const at = Date.now();
        buffer += chunk;
        let index = buffer.indexOf('\n\n');
        while (index !== -1) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown>, at });
          index = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => resolve(events));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The baseline: a plain paginated Scan of the same table, page by page, nothing else. */
async function rawScan(): Promise<{ items: number; ms: number }> {
  const reader = vendorsReader();
  const started = performance.now();
  let items = 0;
  let key: Record<string, unknown> | undefined;
  do {
    const page = await reader.scanPage(PAGE, key);
    items += page.items.length;
    key = page.nextKey;
  } while (key);
  return { items, ms: performance.now() - started };
}

async function main(): Promise<void> {
  await withEngines(async (engines) => {
    const vendorsTable = process.env[TABLES.vendors.envVar] as string;
    const seedStarted = performance.now();
    const vendors = Array.from({ length: ITEMS }, (_, index) => ({
      PutRequest: {
        Item: {
          vendorId: `vendor-${String(index).padStart(6, '0')}`,
          name: `Vendor ${index}`,
          city: ['Austin', 'Boston', 'Chicago', 'Denver'][index % 4],
          rating: (index % 50) / 10,
          services: ['tow', 'tire', 'fuel'].slice(0, 1 + (index % 3)),
          status: index % 10 === 0 ? 'inactive' : 'active',
          createdAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000).toISOString(),
        },
      },
    }));
    const seeded = await batchWrite(dynamoDocumentClient(), vendorsTable, vendors, { concurrency: 8 });
    if (seeded.failed.length > 0) throw new Error(`Seeding failed for ${seeded.failed.length} vendors`);
    const seedMs = performance.now() - seedStarted;

    const resolve = moduleResolver();
    const api = await startApiServer({
      routes: JOBS_ROUTES,
      resolve,
      jwtSecret: process.env[ENV.localJwtSecret] as string,
      stage: 'bench',
    });
    const poller = new QueuePoller({ sqs: sqsClient(), bindings: queueBindings(engines.queues, resolve) });
    poller.start();
    const admin = { userId: 'bench-admin', email: 'bench-admin@roadcall.local', roles: ['admin' as const] };
    const token = await signLocalToken(admin, process.env[ENV.localJwtSecret] as string);
    const store = new JobStore();

    const runJob = async (body: unknown): Promise<{ job: JobRecord; events: SseEvent[]; e2eMs: number }> => {
      const started = performance.now();
      const response = await fetch(`${api.url}/jobs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.status !== 202) throw new Error(`POST /jobs answered ${response.status}: ${await response.text()}`);
      const { jobId } = (await response.json()) as { jobId: string };
      const events = await listen(`${api.url}/jobs/${jobId}/events`, token);
      const e2eMs = performance.now() - started;
      const job = (await store.get(jobId, true)) as JobRecord;
      if (job.status !== 'completed') throw new Error(`Job ${jobId} ended ${job.status}: ${job.error}`);
      return { job, events, e2eMs };
    };

    const rawBefore = await rawScan();
    const exported = await runJob({ type: 'export', params: { source: 'vendors' } });
    const rawAfter = await rawScan();
    const bulk = await runJob({ type: 'bulk_operation', params: { operation: 'update_vendors', set: { rating: 4 } } });

    await poller.stop();
    await api.close();

    // The faster of the two raw reads: the baseline is never flattered by a slow moment.
    const rawBest = rawBefore.items / rawBefore.ms >= rawAfter.items / rawAfter.ms ? rawBefore : rawAfter;
    const rawRate = rawBest.items / (rawBest.ms / 1000);
    const figures = (name: string, run: { job: JobRecord; events: SseEvent[]; e2eMs: number }) => {
      const runMs = Date.parse(run.job.completedAt as string) - Date.parse(run.job.startedAt as string);
      const rate = (run.job.processedItems / runMs) * 1000;
      const progressEvents = run.events.filter((event) => event.event === 'job_progress' && event.data.status === 'processing');
      const lags = progressEvents.map((event) => event.at - Date.parse(event.data.updatedAt as string));
      const lag = summarize(lags);
      const writesPerSecond = (run.job.progressWrites ?? 0) / (runMs / 1000);
      return {
        row: {
          job: name,
          items: run.job.processedItems,
          'run s': runMs / 1000,
          'e2e s': run.e2eMs / 1000,
          'items/s': Math.round(rate),
          'x raw read': rate / rawRate,
          'progress writes': run.job.progressWrites ?? 0,
          'writes/s': writesPerSecond,
          'sse events': progressEvents.length,
          'sse lag p50 ms': lag.p50,
          'sse lag max ms': lag.max,
        },
        json: {
          items: run.job.processedItems,
          runMs,
          e2eMs: run.e2eMs,
          itemsPerSecond: rate,
          ratioToRawRead: rate / rawRate,
          progressWrites: run.job.progressWrites ?? 0,
          progressWritesPerSecond: writesPerSecond,
          sseEvents: progressEvents.length,
          sseLagP50Ms: lag.p50,
          sseLagMaxMs: lag.max,
        },
      };
    };
    const exp = figures('export (CSV to S3)', exported);
    const blk = figures('bulk_operation (BatchWrite)', bulk);
    report(
      'jobs',
      [
        {
          job: 'raw paginated Scan (baseline, faster of 2)',
          items: rawBest.items,
          'run s': rawBest.ms / 1000,
          'items/s': Math.round(rawRate),
          'x raw read': 1,
        },
        exp.row,
        blk.row,
      ],
      {
        items: ITEMS,
        seedMs,
        rawReadItemsPerSecond: rawRate,
        export: exp.json,
        bulkOperation: blk.json,
        targets: {
          exportAtLeastHalfRawRead: exp.json.ratioToRawRead >= 0.5,
          progressWritesAtMostTwoPerSecond: exp.json.progressWritesPerSecond <= 2 && blk.json.progressWritesPerSecond <= 2,
        },
      },
    );
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`jobs bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
