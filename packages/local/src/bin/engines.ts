/**
 * The engines process: starts every engine, provisions the contracts' resources, prints one
 * ready line with the env (see enginesProcess.ts) and runs until SIGTERM/SIGINT or until its
 * parent goes away, then stops every engine it started.
 */

import { ENV } from '@roadcall/contracts';
import { migrate } from '@roadcall/utils/db';
import { startEngines } from '../engines';
import { ENGINES_READY_MARKER, type EnginesProcessOptions } from '../enginesProcess';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EnginesProcessOptions;
  const engines = await startEngines({
    stage: options.stage,
    redisUrl: options.redisUrl,
    databaseUrl: options.databaseUrl,
    isolateDatabase: options.isolateDatabase,
    provisionContracts: !options.skipContracts,
    redisPassword: options.redisPassword,
    // The schema (payments, analytics views) before anything connects: `pnpm dev`, tests, benchmarks.
    afterStart: async (env) => {
      const url = env[ENV.databaseUrl];
      if (url && options.migrate !== false) await migrate(url);
    },
  });
  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await engines.stop();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  process.on('disconnect', shutdown);
  process.stdout.write(
    `${ENGINES_READY_MARKER}${JSON.stringify({ env: engines.env, endpoints: engines.endpoints, queues: engines.queues, pids: engines.pids })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
