import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENV_VARS } from '@roadcall/contracts';
import { freePort } from '@roadcall/local';
import { E2E_TARGETS, type E2eTarget, READY_MARKER, STOP_TIMEOUT_MS } from './constants';
import { E2eStackError } from './errors';
import type { StackState } from './types';

/** A stack this suite started: its process group, its scratch dir and what it wrote. */
export interface RunningStack {
  readonly target: E2eTarget;
  readonly child: ChildProcess;
  readonly dir: string;
  readonly logFile: string;
  readonly state: StackState;
}

/**
 * The env a stack starts with: this process's, minus every variable the local stack or CDK sets
 * (resource names, endpoints, REDIS_URL, DATABASE_URL, secrets, STAGE). The integration project's
 * globalSetup puts its private engines' values into this process; the stack must start its own.
 */
function stackEnv(port: number, stateFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const spec of ENV_VARS) if (spec.setBy !== 'user') delete env[spec.name];
  for (const name of Object.keys(env)) if (name.startsWith('AWS_ENDPOINT_URL') || name.startsWith('ROADCALL_')) delete env[name];
  return {
    ...env,
    PORT: String(port),
    ROADCALL_STATE_FILE: stateFile,
    // Warnings and errors of the stack land in its log file (printed when a start fails).
    LOG_LEVEL: process.env.E2E_STACK_LOG_LEVEL ?? 'WARN',
  };
}

async function tail(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

/**
 * Starts the target's bin (`node --import tsx <bin> --quiet`) as the leader of a process group of
 * its own, with a free PORT and a state file in a scratch dir, and resolves once it prints
 * `Ready in` (bounded). Its output goes to `<dir>/stack.log`.
 *
 * @example
 * const stack = await startStack('dev', repoRoot());
 * // stack.state.apiUrl, stack.state.tokens.driver ...
 * await stopStack(stack);
 */
export async function startStack(target: E2eTarget, root: string): Promise<RunningStack> {
  const { bin, readyTimeoutMs } = E2E_TARGETS[target];
  if (!existsSync(join(root, bin))) {
    throw new E2eStackError(`The ${target} target needs ${bin}, which does not exist in this checkout.`);
  }
  const dir = await mkdtemp(join(tmpdir(), `roadcall-e2e-${target}-`));
  const stateFile = join(dir, 'stack.json');
  const logFile = join(dir, 'stack.log');
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', bin, '--quiet'], {
    cwd: root,
    detached: true, // its own process group: teardown signals the group, as Ctrl-C in a terminal does
    env: stackEnv(port, stateFile),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Never let a stack outlive the jest process that started it, even when jest dies mid-run.
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  // Keep draining the pipes for the stack's whole life (a full pipe would block it).
  const log = createWriteStream(logFile);
  child.stderr?.pipe(log, { end: false });
  let seen = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${READY_MARKER}" within ${readyTimeoutMs / 1000} s`)), readyTimeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (seen.length < 1_000_000) seen += chunk.toString();
      if (seen.includes(READY_MARKER)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`it exited early (code ${code}, signal ${signal})`));
    });
  });
  try {
    await ready;
    const state = JSON.parse(await readFile(stateFile, 'utf8')) as StackState;
    return { target, child, dir, logFile, state };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const output = await tail(logFile);
    killGroup(child, 'SIGKILL');
    throw new E2eStackError(`The ${target} stack (${bin}) did not start: ${reason}. Its last output (${logFile}):\n${output}`);
  }
}

/** Signals the stack's process group (only the group this suite started; never anything else). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Stops a stack as Ctrl-C does (SIGINT to its group), waits for it to exit (bounded, then SIGKILL
 * to the group), and removes its scratch dir unless `keepDir` (a failed run's log is worth keeping).
 */
export async function stopStack(stack: RunningStack, { keepDir = false } = {}): Promise<void> {
  const { child } = stack;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    killGroup(child, 'SIGINT');
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  if (!keepDir) await rm(stack.dir, { recursive: true, force: true });
}
