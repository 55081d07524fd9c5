/**
 * The engines process: starts every engine, provisions the contracts' resources, prints one
 * ready line with the env (see enginesProcess.ts) and runs until SIGTERM/SIGINT or until its
 * parent goes away, then stops every engine it started.
 */

import { runDeployTriggers } from '../deploy';
import { startEngines } from '../engines';
import { ENGINES_READY_MARKER, type EnginesProcessOptions } from '../enginesProcess';
import { moduleResolver } from '../handlers';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EnginesProcessOptions;
  const engines = await startEngines({
    stage: options.stage,
    redisUrl: options.redisUrl,
    databaseUrl: options.databaseUrl,
    isolateDatabase: options.isolateDatabase,
    provisionContracts: !options.skipContracts,
    redisPassword: options.redisPassword,
    redisCluster: options.redisCluster,
    // The contracts' deploy triggers (the PostgreSQL migration) through their handlers, as a deploy
    // runs them, before anything connects: `pnpm dev`, tests, benchmarks. The cloud-assembly
    // runtime passes migrate: false: there the template's own trigger runs it.
    afterStart: async (env) => {
      if (options.migrate !== false) await runDeployTriggers(moduleResolver(), env);
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
