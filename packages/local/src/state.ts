import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV } from '@roadcall/contracts';
import { repoRoot } from './handlers';

/** What a running local stack writes for scripts, load tests and docs (`.roadcall/stack.json`). */
export interface StackState {
  readonly apiUrl: string;
  readonly mailboxUrl: string;
  readonly tokens: Readonly<Record<'driver' | 'vendor' | 'admin', string>>;
  readonly jwtSecret: string;
  /** The env the stack's handlers run with (resource names, engine URLs). */
  readonly env: Readonly<Record<string, string>>;
  readonly pids: ReadonlyArray<number>;
}

/**
 * Where the running stack's state is: `ROADCALL_STATE_FILE`, else `.roadcall/stack.json` at the
 * repository root. Every script that talks to the local stack finds it here, the same way.
 *
 * @example
 * const file = stackStateFile(); // /repo/.roadcall/stack.json
 */
export function stackStateFile(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENV.stateFile] || join(repoRoot(), '.roadcall', 'stack.json');
}

/** The running stack's state, or undefined when none runs (no file, or a half-written one). */
export function readStackState(file: string = stackStateFile()): StackState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

/**
 * Points a command-line tool at a stack: when none of `given` is set in the env (AWS, CI, a user's
 * own settings), the env of the running `pnpm dev` is applied to `process.env`. Throws a clear
 * error when neither exists.
 *
 * @example
 * useStackEnv([ENV.databaseUrl, ENV.databaseHost], 'pnpm db:migrate'); // then read DATABASE_URL as usual
 */
export function useStackEnv(given: ReadonlyArray<string>, command: string, env: NodeJS.ProcessEnv = process.env): void {
  if (given.some((name) => env[name])) return;
  const file = stackStateFile(env);
  const state = readStackState(file);
  if (!state) {
    throw new Error(
      `${command}: ${given.join(' / ')} is not set and no local stack is running (${file}): start \`pnpm dev\` first, or set ${given[0]}.`,
    );
  }
  Object.assign(env, state.env);
}
