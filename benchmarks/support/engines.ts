import { randomBytes } from 'node:crypto';
import { ENV } from '@roadcall/contracts';
import { type EnginesProcess, spawnEngines } from '@roadcall/local';

/**
 * Starts private engines for a benchmark (its own redis-server, embedded PostgreSQL, dynalite,
 * fauxqs), applies their env to this process, runs `fn`, and always stops them.
 */
export async function withEngines<T>(fn: (engines: EnginesProcess) => Promise<T>): Promise<T> {
  const engines = await spawnEngines({ stage: 'bench' });
  Object.assign(process.env, engines.env, {
    [ENV.cursorSecret]: randomBytes(32).toString('hex'),
    [ENV.localJwtSecret]: randomBytes(32).toString('hex'),
    [ENV.logLevel]: process.env[ENV.logLevel] ?? 'ERROR',
  });
  try {
    return await fn(engines);
  } finally {
    await engines.stop();
  }
}
