import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, buildSync } from 'esbuild';

/** Where `buildDashboard` writes by default (what `pnpm dev` serves and CDK deploys). */
export const DASHBOARD_DIST = join(__dirname, '..', 'dist');
/** The budget of the whole build, gzipped (a unit test holds it). */
export const MAX_GZIP_BYTES = 300 * 1024;

export interface BuiltFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/**
 * Builds the static dashboard: `app.js` (esbuild, minified, one file, no framework), `app.css`,
 * `index.html`. Nothing is fetched from elsewhere at run time (no CDN, no map tiles): the page
 * reads `config.json` beside it and the API.
 *
 * @example
 * const files = await buildDashboard();
 * files.reduce((sum, f) => sum + f.gzipBytes, 0); // the gzipped size
 */
export async function buildDashboard(outDir: string = DASHBOARD_DIST): Promise<BuiltFile[]> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build(esbuildOptions(outDir));
  // esbuild names the CSS entry after its key; the page links app.css.
  await writeFile(join(outDir, 'app.css'), await readFile(join(outDir, 'style.css')));
  await rm(join(outDir, 'style.css'));
  await writeFile(join(outDir, 'index.html'), await readFile(join(APP_DIR, 'index.html')));
  return dashboardSizes(outDir);
}

const APP_DIR = join(__dirname, 'app');

function esbuildOptions(outDir: string): BuildOptions {
  return {
    entryPoints: { app: join(APP_DIR, 'main.ts'), style: join(APP_DIR, 'style.css') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['chrome110', 'firefox110', 'safari16'],
    legalComments: 'none',
    logLevel: 'silent',
  };
}

/**
 * The same build, synchronously (the CDK app is synchronous): for the static-origin deployment.
 * Returns `outDir`.
 */
export function buildDashboardSync(outDir: string): string {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  buildSync(esbuildOptions(outDir));
  renameSync(join(outDir, 'style.css'), join(outDir, 'app.css'));
  copyFileSync(join(APP_DIR, 'index.html'), join(outDir, 'index.html'));
  return outDir;
}

/** Each built file's size, raw and gzipped (level 9, as CloudFront's compression is close to). */
export async function dashboardSizes(outDir: string = DASHBOARD_DIST): Promise<BuiltFile[]> {
  const names = (await readdir(outDir)).sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(join(outDir, name));
      return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}
