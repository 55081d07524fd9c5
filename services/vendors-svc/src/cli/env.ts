import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TABLES } from '@roadcall/contracts';
import { repoRoot } from '@roadcall/local';

/**
 * Points a command-line tool at a stack: the env as given (AWS, CI) when it names the vendors
 * table, else the env of the `pnpm dev` running on this machine (`.roadcall/stack.json`).
 */
export function useStackEnv(): void {
  if (process.env[TABLES.vendors.envVar]) return;
  const file = join(repoRoot(), '.roadcall', 'stack.json');
  if (!existsSync(file)) {
    throw new Error(
      `${TABLES.vendors.envVar} is not set and no local stack is running: start \`pnpm dev\` first (or export the stack's env).`,
    );
  }
  const { env } = JSON.parse(readFileSync(file, 'utf8')) as { env: Record<string, string> };
  Object.assign(process.env, env);
}

/** `--name value` or `--name=value` from argv, as a number. */
export function numberArg(name: string, fallback: number, argv: ReadonlyArray<string> = process.argv.slice(2)): number {
  const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index < 0) return fallback;
  const raw = argv[index]?.includes('=') ? argv[index]?.split('=')[1] : argv[index + 1];
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number (got "${raw}")`);
  return value;
}
