import { TABLES } from '@roadcall/contracts';
import { useStackEnv as useLocalStackEnv } from '@roadcall/local';

/**
 * Points a command-line tool at a stack: the env as given (AWS, CI) when it names the vendors
 * table, else the env of the running `pnpm dev` (found as every script finds it: `stackStateFile`).
 */
export function useStackEnv(): void {
  useLocalStackEnv([TABLES.vendors.envVar], 'vendors tools');
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
