/**
 * A worker process of the local API (see workers.ts): serves the contracts' routes on the port
 * the primary chose, with its own module scope (handlers, caches, pools), like a separate Lambda
 * container. Configuration comes from the primary in env (`ROADCALL_WORKER_CONFIG`).
 */
import cluster from 'node:cluster';
import { ROUTES } from '@roadcall/contracts';
import { setFunctionCaller } from '@roadcall/utils/invoke';
import { setWarmerInvoker } from '@roadcall/utils/warmer';
import { localFunctionCaller } from '../functionCaller';
import { moduleResolver } from '../handlers';
import { localInvoker } from '../warmer/invoker';
import { startApiServer } from './server';
import { WORKER_CONFIG_ENV, type WorkerConfig, type WorkerMessage } from './workers';

async function main(): Promise<void> {
  const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? '{}') as WorkerConfig;
  const send = (message: WorkerMessage): void => {
    if (cluster.worker?.isConnected()) process.send?.(message);
  };
  const resolve = moduleResolver();
  // Invoke and the warmer reach handlers in this process, as in the single-process stack.
  setWarmerInvoker(localInvoker(resolve));
  setFunctionCaller(localFunctionCaller(resolve));
  const api = await startApiServer({
    routes: ROUTES,
    resolve,
    jwtSecret: config.jwtSecret,
    stage: config.stage,
    port: config.port,
    host: config.host,
    onRequest: config.reportRequests ? (entry) => send({ type: 'request', entry }) : undefined,
  });
  process.on('disconnect', () => {
    void api.close().finally(() => process.exit(0));
  });
  send({ type: 'listening', port: api.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`roadcall worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
