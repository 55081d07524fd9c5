/**
 * `pnpm dev`: the whole platform on this machine. Starts the engines (a child process), seeds
 * demo data, serves the API on http://localhost:3000 (PORT), polls the queues, fires the
 * schedules, prints a banner with URLs and tokens, and on Ctrl-C stops everything it started.
 * `pnpm dev --cloud` runs the cloud assembly instead (bin/cloud.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ENV, LOCAL_REDIS_CLUSTER } from '@roadcall/contracts';
import { buildDashboard, DASHBOARD_DIST } from '@roadcall/dashboard';
import { buildOpenApi } from '@roadcall/openapi';
import { localSite } from '../api';
import { DEMO_USERS, signLocalToken } from '../auth';
import { spawnEngines } from '../enginesProcess';
import { repoRoot } from '../handlers';
import { LOCAL_SEEDERS } from '../seed';
import { startLocalStack } from '../stack';
import { stackStateFile } from '../state';

const quiet = process.argv.includes('--quiet');
/** `pnpm dev --redis-cluster`: a local 3-master Redis Cluster instead of one redis-server (docs/deploy.md). */
const redisCluster = process.argv.includes('--redis-cluster');
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const started = performance.now();
  const port = Number(process.env[ENV.port] ?? 3000);
  const jwtSecret = process.env[ENV.localJwtSecret] || randomBytes(32).toString('hex');
  const cursorSecret = process.env[ENV.cursorSecret] || randomBytes(32).toString('hex');

  log('roadcall: starting engines (dynalite, fauxqs, aws-ses-v2-local, Redis, PostgreSQL)...');
  const engines = await spawnEngines({
    redisUrl: process.env[ENV.redisUrl],
    databaseUrl: process.env[ENV.databaseUrl],
    ...(redisCluster ? { redisCluster: { masters: LOCAL_REDIS_CLUSTER.masters } } : {}),
  });
  let stack: Awaited<ReturnType<typeof startLocalStack>> | undefined;
  const stateFile = stackStateFile();

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log(`\nroadcall: ${signal}, stopping...`);
    await stack?.stop();
    await engines.stop();
    await rm(stateFile, { force: true });
    log('roadcall: stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const env = { ...engines.env, [ENV.localJwtSecret]: jwtSecret, [ENV.cursorSecret]: cursorSecret };
  Object.assign(process.env, env);

  for (const seeder of LOCAL_SEEDERS) log(`roadcall: seeded ${seeder.name}: ${await seeder.run()}`);
  // The dashboard's static build (a few hundred ms of esbuild), served at /dashboard/.
  const dashboard = await buildDashboard().then(
    () => true,
    (error: unknown) => {
      log(`roadcall: the dashboard did not build (${String(error)}); the API runs without it.`);
      return false;
    },
  );
  let demoTokens: Record<string, string> = {};

  // LOCAL_WORKERS > 1: the API from that many processes (one per core); the dashboard and
  // /openapi.json are served by a single-process stack only.
  const workers = Math.max(1, Math.floor(Number(process.env[ENV.localWorkers] ?? 1)) || 1);
  stack = await startLocalStack({
    env,
    queues: engines.queues,
    jwtSecret,
    port,
    workers,
    site:
      workers > 1
        ? undefined
        : localSite({
            dashboardDir: DASHBOARD_DIST,
            config: () => ({ apiUrl: '', auth: 'local', demoTokens }),
            openapi: () => buildOpenApi({ root: repoRoot() }),
          }),
    onRequest: quiet ? undefined : ({ method, path, status, ms }) => log(`${method} ${path} -> ${status} (${ms.toFixed(1)} ms)`),
    onBatch: ({ functionName, received, failed, error }) => {
      if (received > 0 || error) log(`sqs ${functionName}: ${received} received, ${failed} failed${error ? ` (${String(error)})` : ''}`);
    },
    onFire: ({ id, ms, error }) => log(`schedule ${id} fired (${ms.toFixed(0)} ms)${error ? `: ${String(error)}` : ''}`),
  });

  const tokens = {
    driver: await signLocalToken(DEMO_USERS.driver, jwtSecret),
    vendor: await signLocalToken(DEMO_USERS.vendor, jwtSecret),
    admin: await signLocalToken(DEMO_USERS.admin, jwtSecret),
  };
  demoTokens = tokens;
  const apiUrl = `http://localhost:${stack.api.port}`;
  const mailboxUrl = engines.endpoints.ses ?? '';
  await mkdir(dirname(stateFile), { recursive: true });
  // For scripts and load tests on this machine: where the API is and how to mint tokens. Local only.
  await writeFile(
    stateFile,
    JSON.stringify({ apiUrl, mailboxUrl, tokens, jwtSecret, env, pids: [process.pid, engines.pid, ...engines.pids] }, null, 2),
  );

  log(
    [
      '',
      '  Roadcall is running locally',
      `  API       ${apiUrl}        (try: curl ${apiUrl}/health)`,
      ...(dashboard && workers === 1 ? [`  Dashboard ${apiUrl}/dashboard/   (sign in with a demo identity)`] : []),
      ...(workers > 1 ? [`  Workers   ${workers} API processes (${ENV.localWorkers}); no dashboard (it needs 1)`] : []),
      `  Mailbox   ${mailboxUrl}/`,
      `  Redis     ${engines.endpoints.redis}`,
      `  Postgres  ${engines.endpoints.postgres?.replace(/:[^:@/]+@/, ':***@')}`,
      '',
      `  Driver token: ${tokens.driver}`,
      `  Vendor token: ${tokens.vendor}`,
      `  Admin token:  ${tokens.admin}`,
      '',
      `  Ready in ${((performance.now() - started) / 1000).toFixed(1)} s. State: .roadcall/stack.json. Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );
}

if (process.argv.includes('--cloud')) {
  // `pnpm dev --cloud`: the stack from the cloud assembly instead of the source (bin/cloud.ts).
  require('./cloud');
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`roadcall: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
