import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot } from '@roadcall/local';

/**
 * `pnpm dev` as a user runs it: the whole stack comes up, /health is green, and Ctrl-C (SIGINT
 * to the process group, as a terminal sends it) leaves no process behind.
 */
jest.setTimeout(120_000);

let dir: string;
let child: ChildProcess;
let output = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'roadcall-dev-'));
});
afterAll(async () => {
  if (child?.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('starts in under 60 s, answers /health 200, and Ctrl-C stops every process it started', async () => {
  const port = await freePort();
  const stateFile = join(dir, 'stack.json');
  const started = Date.now();
  child = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/bin/dev.ts', '--quiet'], {
    cwd: repoRoot(),
    detached: true,
    env: { ...process.env, PORT: String(port), ROADCALL_STATE_FILE: stateFile, REDIS_URL: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready in')) resolve();
    });
    child.once('exit', () => reject(new Error(`pnpm dev exited early:\n${output}`)));
  });
  expect(Date.now() - started).toBeLessThan(60_000);
  expect(output).toContain(`http://localhost:${port}`);
  expect(output).toMatch(/Driver token: ey/);

  const health = await fetch(`http://127.0.0.1:${port}/health`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { status: string }).status).toBe('ok');

  const state = JSON.parse(await readFile(stateFile, 'utf8')) as { pids: number[] };
  expect(state.pids.length).toBeGreaterThanOrEqual(4); // dev, engines, redis-server, postgres
  const exited = once(child, 'exit');
  process.kill(-(child.pid as number), 'SIGINT');
  await exited;
  expect(output).toContain('roadcall: stopped.');
  expect(state.pids.filter(isAlive)).toEqual([]);
});
