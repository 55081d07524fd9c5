/**
 * `pnpm loadtest <profile> [--cpu-prof]`: runs an Artillery profile (tests/load) against the local
 * stack, with Artillery's progress on the terminal and an HTML report in tests/load/reports/.
 *
 * - A running stack (`.roadcall/stack.json`, or ROADCALL_STATE_FILE, whose API answers) is used
 *   as it is.
 * - Otherwise one is started (what `pnpm dev --quiet` runs, on a free port, with its own state
 *   file) and stopped afterwards. `--cpu-prof` starts it under `node --cpu-prof` and prints the API process's top
 *   functions by self time after the run (where the time goes).
 *
 * Exit code: the run's (non-zero when a threshold of the profile fails).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readStackState as readState, stackStateFile } from '@roadcall/local';
import { cpuBetween, treeCpu } from '../benchmarks/support/procstat';

const PROFILES = ['full', 'incidents', 'light', 'medium', 'heavy', 'ramp', 'spike'] as const;
/** How long a fresh `pnpm dev` may take to seed and listen. */
const STACK_START_TIMEOUT_MS = 180_000;

const root = join(__dirname, '..');
const loadDir = join(root, 'tests', 'load');
const args = process.argv.slice(2);
const profile = args.find((arg) => !arg.startsWith('-'));
const cpuProf = args.includes('--cpu-prof');

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function answers(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health', apiUrl.replace('//localhost:', '//127.0.0.1:')), { signal: AbortSignal.timeout(3000) });
    await response.arrayBuffer();
    return response.status < 500 || response.status === 503;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface StartedStack {
  readonly stateFile: string;
  readonly child: ChildProcess;
  readonly profileDir?: string;
  stop(): Promise<void>;
}

/** The local stack (`pnpm dev --quiet`) in its own process group, on a free port, with its own state file. */
async function startStack(): Promise<StartedStack> {
  const port = await freePort();
  const stateFile = join(root, '.roadcall', `loadtest-stack-${port}.json`);
  const profileDir = cpuProf ? join(loadDir, 'reports', `cpu-${new Date().toISOString().replace(/[:.]/g, '-')}`) : undefined;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  log(`roadcall: no local stack running; starting one on port ${port}${cpuProf ? ' under --cpu-prof' : ''}...`);
  // `pnpm dev` is `tsx packages/local/src/bin/dev.ts`; started with node directly so that
  // --cpu-prof (not allowed in NODE_OPTIONS) applies to the API process itself.
  const profFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...profFlags, '--import', 'tsx', join('packages', 'local', 'src', 'bin', 'dev.ts'), '--quiet'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PORT: String(port), ROADCALL_STATE_FILE: stateFile },
  });
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => {
    exited = true;
  });
  const stop = async (): Promise<void> => {
    if (exited || !child.pid) return;
    // The stack stops its engines on SIGINT (as on Ctrl-C) and exits, writing its CPU profile.
    process.kill(-child.pid, 'SIGINT');
    await Promise.race([exitedPromise, sleep(30_000)]);
    if (!exited) process.kill(-child.pid, 'SIGKILL');
    rmSync(stateFile, { force: true });
  };
  const deadline = Date.now() + STACK_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error('pnpm dev exited before the stack was ready');
    const state = readState(stateFile);
    if (state && (await answers(state.apiUrl))) return { stateFile, child, profileDir, stop };
    await sleep(250);
  }
  await stop();
  throw new Error(`the local stack was not ready within ${STACK_START_TIMEOUT_MS / 1000} s`);
}

/** The API process's profile: the largest one written (the engines process is mostly idle). */
function summariseCpuProfile(dir: string): void {
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => join(dir, file))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  if (files.length === 0) {
    log(`roadcall: no CPU profile was written in ${dir}`);
    return;
  }
  spawnSync(process.execPath, [join(loadDir, 'report', 'cpu-profile.js'), ...files], { stdio: 'inherit' });
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux); undefined elsewhere.
 * `children`: the CPU of its exited, reaped children instead (here: the run script and Artillery).
 */
function cpuSeconds(pid: number | 'self', children = false): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14-17 of the line (11-14 after the command), in clock ticks (100/s).
    const at = children ? 13 : 11;
    return (Number(fields[at]) + Number(fields[at + 1])) / 100;
  } catch {
    return undefined;
  }
}

/** Seconds the process's main thread has spent runnable but waiting for a CPU (/proc schedstat, Linux). */
function runQueueSeconds(pid: number): number | undefined {
  try {
    const waited = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
    return Number.isFinite(waited) ? waited / 1e9 : undefined;
  } catch {
    return undefined;
  }
}

function processName(pid: number): string {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    if (cmd.some((part) => part.endsWith('dev.ts'))) return 'API + queue pollers + scheduler (dev.ts)';
    if (cmd.some((part) => part.endsWith('engines.ts'))) return 'engines (dynalite, fauxqs, SES)';
    return cmd[0]?.split('/').pop() ?? String(pid);
  } catch {
    return String(pid);
  }
}

/** Runs the profile, then prints how much CPU each process of the stack used while it ran. */
async function runMeasured(stateFile: string): Promise<number> {
  const pids = readState(stateFile)?.pids ?? [];
  // Each process with its descendants: LOCAL_WORKERS' API workers are children of dev.ts, and
  // PostgreSQL's work is done by its backends, children of the postmaster.
  // A stack process's descendants that are stack processes themselves (dev.ts starts the engines)
  // are counted on their own rows only.
  const before = new Map(pids.map((pid) => [pid, treeCpu([pid], pids)]));
  const waitedBefore = new Map(pids.map((pid) => [pid, runQueueSeconds(pid)]));
  const generatorBefore = cpuSeconds('self', true);
  const started = performance.now();
  const code = await runProfile(stateFile);
  const wallSeconds = (performance.now() - started) / 1000;
  const generatorAfter = cpuSeconds('self', true);
  const rows = pids.flatMap((pid) => {
    const start = before.get(pid);
    const end = treeCpu([pid], pids);
    const waitStart = waitedBefore.get(pid);
    const waitEnd = runQueueSeconds(pid);
    const waited = waitStart === undefined || waitEnd === undefined ? undefined : waitEnd - waitStart;
    if (!start || !end.has(pid)) return [];
    const children = end.size - 1;
    const name = `${processName(pid)}${children > 0 ? ` + ${children} child process${children === 1 ? '' : 'es'}` : ''}`;
    return [{ pid: String(pid), name, seconds: cpuBetween(start, end) / 1000, waited }];
  });
  if (generatorBefore !== undefined && generatorAfter !== undefined) {
    rows.push({
      pid: 'children',
      name: 'load generator (Artillery, report)',
      seconds: generatorAfter - generatorBefore,
      waited: undefined,
    });
  }
  if (rows.length > 0) {
    log(`roadcall: CPU used during the run (${wallSeconds.toFixed(0)} s wall, incl. the before hook and report):`);
    for (const row of rows.sort((a, b) => b.seconds - a.seconds)) {
      // Runnable but not running: how much a busy machine starved the stack's main thread.
      const waited = row.waited === undefined ? '' : `, main thread waited ${row.waited.toFixed(1)} s for a CPU`;
      log(
        `  ${row.seconds.toFixed(1).padStart(7)} s  ${((100 * row.seconds) / wallSeconds).toFixed(0).padStart(3)}% of a core  ${row.name} (pid ${row.pid}${waited})`,
      );
    }
  }
  return code;
}

function runProfile(stateFile: string): Promise<number> {
  return new Promise((resolve) => {
    const run = spawn(join(loadDir, 'run-load-test.sh'), ['local', profile as string], {
      cwd: loadDir,
      stdio: 'inherit',
      env: { ...process.env, ROADCALL_STATE_FILE: stateFile },
    });
    run.once('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)));
  });
}

async function main(): Promise<number> {
  if (!profile || !(PROFILES as ReadonlyArray<string>).includes(profile)) {
    process.stderr.write(`usage: pnpm loadtest <${PROFILES.join('|')}> [--cpu-prof]\n`);
    return 2;
  }
  if (!existsSync(join(loadDir, 'node_modules', '.bin', 'artillery'))) {
    process.stderr.write('Artillery is not installed: run tests/load/setup.sh (or pnpm install)\n');
    return 2;
  }
  const sharedState = stackStateFile();
  const running = readState(sharedState);
  if (running && !cpuProf && (await answers(running.apiUrl))) {
    log(`roadcall: using the running local stack at ${running.apiUrl}`);
    return runMeasured(sharedState);
  }
  const stack = await startStack();
  const stopOnSignal = (): void => {
    void stack.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  try {
    return await runMeasured(stack.stateFile);
  } finally {
    log('roadcall: stopping the local stack started for this run...');
    await stack.stop();
    if (stack.profileDir) summariseCpuProfile(stack.profileDir);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`roadcall: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
