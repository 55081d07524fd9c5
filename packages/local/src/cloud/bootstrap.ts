import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/** The worker bootstrap compiled to one CommonJS file, and how to remove it. */
export interface CompiledBootstrap {
  readonly file: string;
  remove(): void;
}

/**
 * Compiles worker.ts to plain JavaScript once per run (milliseconds with esbuild), so that each
 * worker starts as `node worker.cjs` like Lambda's runtime starts, without a TypeScript loader in
 * the cold start.
 */
export function compileWorkerBootstrap(): CompiledBootstrap {
  const dir = mkdtempSync(join(tmpdir(), 'roadcall-worker-'));
  const file = join(dir, 'worker.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'worker.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
