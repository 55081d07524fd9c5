import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createOwnDatabase as createLocalDatabase } from '@roadcall/local';
import { Client } from 'pg';

/** A PostgreSQL server this test started itself (see postgresProcess.ts). */
export interface OwnPostgres {
  readonly url: string;
  /** Fast shutdown: connected clients get 57P01 and new connections are refused. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  quit(): Promise<void>;
}

/** Starts a private PostgreSQL (about a second) in a child process. */
export async function startOwnPostgres(): Promise<OwnPostgres> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'postgresProcess.ts')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const waiters: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiters.shift()?.(line));
  const nextLine = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const onExit = (): void => reject(new Error(`own postgres exited: ${stderr}`));
      child.once('exit', onExit);
      waiters.push((line) => {
        child.off('exit', onExit);
        resolve(line);
      });
    });

  const ready = await nextLine();
  if (!ready.startsWith('READY ')) throw new Error(`own postgres did not start: ${ready} ${stderr}`);
  const { url } = JSON.parse(ready.slice('READY '.length)) as { url: string };
  const command = async (name: string): Promise<void> => {
    const answer = nextLine();
    child.stdin?.write(`${name}\n`);
    const line = await answer;
    if (line !== `OK ${name}`) throw new Error(`own postgres: ${line}`);
  };
  return {
    url,
    stop: () => command('stop'),
    start: () => command('start'),
    quit: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end('quit\n');
      await exited;
    },
  };
}

/** A database of our own in a server (tests that count rows globally); dropped by `drop()`. */
export function createOwnDatabase(
  serverUrl: string,
  prefix = 'roadcall_db',
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  return createLocalDatabase(serverUrl, prefix);
}

/** Backends in pg_stat_activity whose application_name is `applicationName`. */
export async function backendsOf(serverUrl: string, applicationName: string): Promise<number> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1', [
      applicationName,
    ]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

/** Polls `condition` until it holds or `timeoutMs` passes (a state change in another process, not a sleep to synchronise). */
export async function eventually(condition: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return condition();
}
