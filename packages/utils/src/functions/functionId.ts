import { allFunctions } from '@roadcall/contracts';

let known: ReadonlySet<string> | undefined;

/**
 * `id` when the contracts declare a function with it; throws otherwise, so a wrapper bound to a
 * removed function fails at module load (and in its tests), not in production.
 *
 * @example
 * const id = assertFunctionId('jobs.cleanup');
 */
export function assertFunctionId(id: string): string {
  known ??= new Set(allFunctions().map((fn) => fn.id));
  if (!known.has(id)) throw new Error(`No function with id "${id}" in @roadcall/contracts`);
  return id;
}
