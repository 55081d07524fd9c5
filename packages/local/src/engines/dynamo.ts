import { freePort } from './ports';
import type { RunningEngine } from './types';

/** dynalite: the DynamoDB API in-process, in memory. Tables are ACTIVE at once. */
export async function startDynalite(): Promise<RunningEngine> {
  const { default: dynalite } = await import('dynalite');
  const port = await freePort();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    owned: true,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
