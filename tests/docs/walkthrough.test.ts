import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV, ROUTES } from '@roadcall/contracts';
import { freePort, repoRoot } from '@roadcall/local';
import { curlRequests, extractWalkthroughs, ShellSession, splitCommands, type WalkthroughCommand } from './support/walkthrough';

/**
 * The docs as a newcomer follows them: a fresh `pnpm dev`, then every walk-through of the pages in
 * the README's order, in one shell, each curl checked against the answer the page shows. A page
 * that answers differently from what it says fails here.
 */
jest.setTimeout(300_000);

/** The pages with walk-throughs, in the order the README lists them (later pages may use earlier state). */
const PAGES = ['docs/vendors.md', 'docs/incidents.md', 'docs/database.md', 'docs/jobs.md', 'docs/events.md', 'docs/performance.md'];
/** No walk-through command may take longer (SSE streams and polling loops included). */
const COMMAND_TIMEOUT_MS = 90_000;

const root = repoRoot();
let dir: string;
let stack: ChildProcess | undefined;
let shell: ShellSession | undefined;
const commands: Array<{ page: string; command: WalkthroughCommand }> = [];

beforeAll(async () => {
  for (const page of PAGES) {
    for (const block of extractWalkthroughs(await readFile(join(root, page), 'utf8'))) {
      for (const command of splitCommands(block.body, block.line)) commands.push({ page, command });
    }
  }
  // The pages read `.roadcall/stack.json` from where they run: the shell runs in a folder of its own.
  dir = await mkdtemp(join(tmpdir(), 'roadcall-walkthrough-'));
  await mkdir(join(dir, '.roadcall'));
  const port = await freePort();
  // Under the integration-cluster project (REDIS_CLUSTER=true), the same walk-throughs on a stack
  // of its own with a local Redis Cluster: `pnpm dev --redis-cluster`, as docs/deploy.md shows.
  const redisCluster = process.env[ENV.redisCluster] === 'true' ? ['--redis-cluster'] : [];
  stack = spawn(process.execPath, ['--import', 'tsx', 'packages/local/src/bin/dev.ts', '--quiet', ...redisCluster], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      ROADCALL_STATE_FILE: join(dir, '.roadcall', 'stack.json'),
      [ENV.redisUrl]: '',
      [ENV.redisCluster]: '',
      [ENV.databaseUrl]: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready in')) resolve();
    };
    stack?.stdout?.on('data', onData);
    stack?.stderr?.on('data', onData);
    stack?.once('exit', () => reject(new Error(`pnpm dev exited early:\n${output}`)));
  });
  shell = new ShellSession(dir, { ...process.env, PATH: process.env.PATH });
});

afterAll(async () => {
  await shell?.close();
  if (stack?.pid && stack.exitCode === null) {
    const exited = once(stack, 'exit');
    process.kill(-stack.pid, 'SIGINT');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

it('every curl in a walk-through states the answer it gets', () => {
  const unchecked = commands.filter(({ command }) => command.callsCurl && !command.expect);
  expect(unchecked.map(({ page, command }) => `${page}:${command.line} ${command.text}`)).toEqual([]);
});

it('the walk-throughs together show every route of the contracts', () => {
  const requests = commands.flatMap(({ command }) => curlRequests(command.text));
  const pattern = (path: string): RegExp => new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  const literalSegments = (path: string): number => path.split('/').filter((part) => part && !part.startsWith('{')).length;
  const routeOf = (request: { method: string; path: string }) =>
    ROUTES.filter((route) => route.method === request.method && pattern(route.path).test(request.path)).sort(
      (a, b) => literalSegments(b.path) - literalSegments(a.path),
    )[0];
  const shown = new Set(requests.map((request) => routeOf(request)?.id).filter(Boolean));
  expect(ROUTES.filter((route) => !shown.has(route.id)).map((route) => `${route.method} ${route.path}`)).toEqual([]);
});

it('every walk-through, run in order against a fresh pnpm dev, answers what its page shows', async () => {
  const failures: string[] = [];
  for (const { page, command } of commands) {
    const where = `${page}:${command.line}`;
    const result = await (shell as ShellSession).run(command.text, COMMAND_TIMEOUT_MS);
    if (result.exitCode !== 0) failures.push(`${where} exited ${result.exitCode}: ${command.text}\n${result.output}`);
    const expected = command.expect;
    if (!expected) continue;
    if (result.statuses.length === 0 || result.statuses.some((status) => status !== expected.status)) {
      failures.push(
        `${where} answered ${result.statuses.join(', ') || 'nothing'}, the page shows ${expected.status}: ${command.text}\n${result.output}`,
      );
    }
    if (expected.contains && !result.output.toLowerCase().includes(expected.contains.toLowerCase())) {
      failures.push(`${where} did not show "${expected.contains}": ${command.text}\n${result.output}`);
    }
    // Later commands build on earlier ones: stop at the first page that went wrong.
    if (failures.length > 0) break;
  }
  expect(failures).toEqual([]);
});
