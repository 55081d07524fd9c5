import cluster, { type Worker } from 'node:cluster';
import { join } from 'node:path';
import type { ApiServerOptions, RunningApiServer } from './server';

/** The env variable that carries a worker's configuration (JSON). */
export const WORKER_CONFIG_ENV = 'ROADCALL_WORKER_CONFIG';

/** What a worker needs to serve the API (everything else comes from the inherited env). */
export interface WorkerConfig {
  readonly jwtSecret: string;
  readonly stage: string;
  readonly port: number;
  readonly host?: string;
  /** Send each request's log entry to the primary (the dev banner's request log). */
  readonly reportRequests: boolean;
}

/** Messages from a worker to the primary. */
export type WorkerMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'request'; readonly entry: Parameters<NonNullable<ApiServerOptions['onRequest']>>[0] };

/**
 * Serves the API from `count` worker processes sharing one port (node:cluster: the primary
 * accepts connections and hands them out in turn), so the local stack uses as many cores as it
 * has workers, as Lambda runs each container apart. Each worker loads the handlers itself, with
 * its own caches and pools; cross-container cache invalidation reaches them through Redis as it
 * reaches containers in AWS. The routes are the contracts' (a worker cannot receive functions):
 * a custom resolver, route list or static site needs a single process.
 *
 * @example
 * const api = await startApiWorkers(4, { jwtSecret, stage: 'local', port: 3000 });
 */
export async function startApiWorkers(
  count: number,
  options: Pick<ApiServerOptions, 'jwtSecret' | 'stage' | 'port' | 'host' | 'onRequest'>,
): Promise<RunningApiServer> {
  if (!cluster.isPrimary) throw new Error('startApiWorkers runs in the primary process only');
  const host = options.host ?? '127.0.0.1';
  cluster.setupPrimary({ exec: join(__dirname, 'worker.ts'), execArgv: process.execArgv, silent: false });
  const workers: Worker[] = [];
  // Every worker asks for the same port: node:cluster then shares one listening handle (for port
  // 0 too: one free port, the same in every worker).
  const requested = options.port ?? 0;
  let stopping = false;
  const start = (): Promise<number> => {
    const config: WorkerConfig = {
      jwtSecret: options.jwtSecret,
      stage: options.stage,
      port: requested,
      host,
      reportRequests: options.onRequest !== undefined,
    };
    const worker = cluster.fork({ [WORKER_CONFIG_ENV]: JSON.stringify(config) });
    workers.push(worker);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'request') options.onRequest?.(message.entry);
    });
    return new Promise<number>((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'listening') resolve(message.port);
      });
      worker.once('exit', (code) => {
        reject(new Error(`API worker ${worker.process.pid} exited (code ${code}) before it listened`));
        if (!stopping) process.stderr.write(`roadcall: API worker ${worker.process.pid} exited (code ${code})\n`);
      });
    });
  };
  const ports = await Promise.all(Array.from({ length: count }, start));
  const port = ports[0] as number;
  return {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      stopping = true;
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) return resolve();
              worker.once('exit', () => resolve());
              worker.disconnect();
            }),
        ),
      );
    },
  };
}
