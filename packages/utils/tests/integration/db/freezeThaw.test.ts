import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { backendsOf, eventually } from '../../support/db/ownPostgres';

// Real engines on a shared 2-core machine: jest's 5 s default is too tight (projects ignore testTimeout).
jest.setTimeout(60_000);

/**
 * Lambda freezes a container between invocations (SIGSTOP here) and may thaw it (SIGCONT) minutes
 * later or never. A frozen container must not keep backends alive, a thawed one must not use a
 * connection that was frozen with it, and nothing it opened may outlive it.
 */
const serverUrl = process.env.DATABASE_URL as string;

interface Container {
  readonly child: ChildProcess;
  readonly applicationName: string;
  send(
    command: string,
  ): Promise<{ ok: boolean; pids?: number[]; stats?: { discardedStale: number; retries: number; total: number }; error?: string }>;
}

const containers: ChildProcess[] = [];

async function startContainer(idleTimeoutMs: number, idleSessionTimeoutMs: number): Promise<Container> {
  const applicationName = `freeze-${randomBytes(4).toString('hex')}`;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '..', '..', 'support', 'db', 'poolChild.ts'),
      JSON.stringify({ url: serverUrl, applicationName, idleTimeoutMs, idleSessionTimeoutMs }),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } },
  );
  containers.push(child);
  const waiters: Array<(line: string) => void> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => waiters.shift()?.(line));
  const next = (): Promise<string> => new Promise((resolve) => waiters.push(resolve));
  await next(); // ready
  return {
    child,
    applicationName,
    send: async (command) => {
      const answer = next();
      child.stdin?.write(`${command}\n`);
      return JSON.parse(await answer);
    },
  };
}

async function livePids(applicationName: string): Promise<number[]> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

afterAll(() => {
  for (const child of containers) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('freeze/thaw', () => {
  it('a frozen container holds no backend once the server idle timeout passes, and recovers on thaw', async () => {
    const container = await startContainer(5_000, 1_000);
    // Frozen right after the invocation (the child stops itself), connections still open.
    const first = await container.send('work-freeze');
    expect(first.ok).toBe(true);
    expect(await backendsOf(serverUrl, container.applicationName)).toBe(2);
    expect(await eventually(async () => (await backendsOf(serverUrl, container.applicationName)) === 0, 10_000)).toBe(true);

    container.child.kill('SIGCONT');
    const second = await container.send('work');
    expect(second).toMatchObject({ ok: true });
    expect(await backendsOf(serverUrl, container.applicationName)).toBeLessThanOrEqual(2);

    container.child.kill('SIGKILL'); // the container is reaped
    expect(await eventually(async () => (await backendsOf(serverUrl, container.applicationName)) === 0, 10_000)).toBe(true);
  });

  it('a thawed container discards connections frozen past their idle timeout instead of reusing them', async () => {
    const container = await startContainer(200, 60_000);
    // Frozen as the invocation returns (the child stops itself in the same tick), so its 200 ms
    // idle timers cannot close anything first, however busy the machine.
    const first = await container.send('work-freeze');
    expect(first.ok).toBe(true);
    const before = await livePids(container.applicationName);
    expect(before).toHaveLength(2);

    // The freeze itself must outlast the idle timeout: it is the scenario, not a synchronisation.
    await new Promise((resolve) => setTimeout(resolve, 800));
    container.child.kill('SIGCONT');

    const second = await container.send('work');
    expect(second.ok).toBe(true);
    // None of the frozen connections served the thawed invocation...
    expect(second.pids?.some((pid) => before.includes(pid))).toBe(false);
    // ...and none of them is left behind on the server.
    expect(await eventually(async () => (await livePids(container.applicationName)).every((pid) => !before.includes(pid)), 5_000)).toBe(
      true,
    );
    expect((await livePids(container.applicationName)).length).toBeLessThanOrEqual(2);

    expect(await container.send('quit')).toEqual({ ok: true });
    expect(await backendsOf(serverUrl, container.applicationName)).toBe(0);
  });
});
