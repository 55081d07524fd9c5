import * as z from 'zod/mini';
import type { $ZodShape } from 'zod/v4/core';
import { safeParse } from '../schema';
import { ConfigError } from './errors';

/**
 * Parses env vars with a zod shape keyed by env var name, and fails with one {@link ConfigError}
 * naming every missing or invalid variable (not just the first).
 *
 * @example
 * import * as z from 'zod/mini';
 *
 * const config = loadConfig({
 *   REDIS_URL: z.url(),
 *   CACHE_MAX_SIZE: z._default(z.coerce.number().check(z.int(), z.positive()), 1000),
 * });
 */
export function loadConfig<Shape extends $ZodShape>(shape: Shape, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodMiniObject<Shape>> {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(shape)) {
    const value = env[key];
    // An empty string is as good as unset: `FOO= pnpm dev` should fall back to the default.
    input[key] = value === '' ? undefined : value;
  }
  const result = safeParse(z.object(shape), input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0]);
    const received = input[variable];
    return received === undefined
      ? { variable, text: `${variable} is required but not set` }
      : { variable, text: `${variable} is invalid (${issue.message}; got "${received}")` };
  });
  const variables = [...new Set(problems.map((problem) => problem.variable))];
  throw new ConfigError(`Invalid configuration: ${problems.map((p) => p.text).join('; ')}`, variables);
}
