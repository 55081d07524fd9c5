/**
 * A server process of `pnpm bench api` (its own process, so /proc counts its CPU alone):
 *   serve.ts roadcall  the local stack (`startLocalStack`: API adapter and queue poller; no schedules)
 *   serve.ts raw       the raw baseline (rawServer.ts)
 * Configuration comes as JSON in BENCH_SERVE (engines env, queues, JWT secret, workers); the
 * process prints `BENCH_SERVE_READY <port>` once it listens and stops on SIGTERM.
 */
import { startLocalStack } from '@roadcall/local';
import { startRawServer } from './rawServer';

export const SERVE_READY_MARKER = 'BENCH_SERVE_READY ';

interface ServeConfig {
  readonly env: Record<string, string>;
  readonly queues: Parameters<typeof startLocalStack>[0]['queues'];
  readonly jwtSecret: string;
  readonly workers?: number;
}

async function main(): Promise<void> {
  const kind = process.argv[2];
  const config = JSON.parse(process.env.BENCH_SERVE ?? '{}') as ServeConfig;
  Object.assign(process.env, config.env);
  let port: number;
  let stop: () => Promise<void>;
  if (kind === 'raw') {
    port = await startRawServer(config.jwtSecret);
    stop = async () => undefined;
  } else {
    const stack = await startLocalStack({
      env: config.env,
      queues: config.queues,
      jwtSecret: config.jwtSecret,
      port: 0,
      host: '127.0.0.1',
      // Scheduled functions run in containers of their own in AWS (billed apart from requests);
      // here they would add a periodic full-index reconcile and view refreshes to the API's CPU.
      schedules: [],
      workers: config.workers ?? 1,
    });
    port = stack.api.port;
    stop = () => stack.stop();
  }
  // SIGINT too: Ctrl-C on `pnpm bench api --serve` reaches every process of the group, and a
  // process that exits by a signal's default action writes no --cpu-prof profile.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      void stop().finally(() => process.exit(0));
    });
  }
  process.stdout.write(`${SERVE_READY_MARKER}${port}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`serve: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
