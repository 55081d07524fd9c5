import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allFunctions, BUNDLING, bundleDefines, DAX_LAYER, type FunctionDefinition } from '@roadcall/contracts';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';

/**
 * Function bundles built in one pass: every contract function's handler goes into ONE esbuild
 * build per distinct `define` set (at most four: with or without Redis / Postgres), so esbuild
 * parses the shared code (utils, zod, ioredis, pg) once and builds the entries in parallel,
 * instead of CDK's NodejsFunction starting an esbuild process per function. The settings are the
 * contracts' (`BUNDLING`, `bundleDefines`), the same `pnpm bench coldstart` measures. Runs offline.
 *
 * CDK still drives it as local asset bundling (`Code.fromAsset` with `bundling.local`): a stack
 * whose bundling is skipped (context `aws:cdk:bundling-stacks`, as in the infra tests) builds
 * nothing, and each function's asset hash is that of its own output (`index.js` + source map).
 */

/** Where each built function's bundle is: `<dir>/<function id>/index.js` (+ `index.js.map`). */
const built = new Map<string, string>();
/** The scratch folders of the shared builds (each function's bundle is copied into the assembly). */
const scratch: string[] = [];

/**
 * Deletes the shared builds' scratch folders (~25 MB each) once the app is synthesized: the CDK
 * bin and the tests' cleanup call it. An exit hook remains as a fallback, but deleting that much
 * while a process exits can outlast the time a test runner gives a worker to exit.
 *
 * @example
 * app.synth();
 * removeBundleScratch();
 */
export function removeBundleScratch(): void {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  built.clear();
}

/**
 * Builds `definition` and, on the first call, every other contract function whose handler exists:
 * CDK bundles an asset as soon as its function is constructed, so waiting for "all functions
 * registered" is not an option, and building one function per call is what made synth slow.
 * A function outside the contracts' list (the migration hook) costs one more small build.
 */
function ensureBuilt(repoRoot: string, definition: FunctionDefinition): string {
  const existing = built.get(definition.id);
  if (existing) return existing;
  const batch = [definition, ...allFunctions().filter((d) => d.id !== definition.id && !built.has(d.id))].filter((d) =>
    fs.existsSync(path.join(repoRoot, d.entry)),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadcall-bundles-'));
  // Each function's bundle is copied into cdk.out; the shared build is scratch.
  scratch.push(dir);
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const groups = new Map<string, FunctionDefinition[]>();
  for (const d of batch) {
    const defineKey = JSON.stringify(bundleDefines(d));
    groups.set(defineKey, [...(groups.get(defineKey) ?? []), d]);
  }
  for (const [defineKey, group] of groups) {
    buildSync({
      absWorkingDir: repoRoot,
      entryPoints: group.map((d) => ({ in: path.join(repoRoot, d.entry), out: `${d.id}/index` })),
      outdir: dir,
      bundle: true,
      platform: 'node',
      target: BUNDLING.target,
      format: BUNDLING.format,
      minify: BUNDLING.minify,
      sourcemap: true,
      sourcesContent: false,
      external: [...BUNDLING.externalModules],
      define: JSON.parse(defineKey) as Record<string, string>,
      logLevel: 'error',
    });
  }
  for (const d of batch) built.set(d.id, path.join(dir, d.id));
  return path.join(dir, definition.id);
}

/**
 * The code of one function: its bundle from the shared build ({@link ensureBuilt}), copied into
 * the asset directory CDK hands over.
 *
 * @example
 * new nodejs.NodejsFunction(this, 'Fn', { code: functionCode(REPO_ROOT, definition), handler: 'index.handler' });
 */
export function functionCode(repoRoot: string, definition: FunctionDefinition): lambda.Code {
  return lambda.Code.fromAsset(path.dirname(path.join(repoRoot, definition.entry)), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // CDK caches staging by source path and options, and drops the `tryBundle` function from
      // that key: without the id in it, every handler of one directory got the first one's bundle.
      environment: { ROADCALL_FUNCTION_ID: definition.id },
      // Never used: local bundling always succeeds (no Docker on the project's machines).
      image: DockerImage.fromRegistry('roadcall/local-bundling-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          fs.cpSync(ensureBuilt(repoRoot, definition), outputDir, { recursive: true });
          return true;
        },
      },
    },
  });
}

/**
 * Writes the DAX client layer's content into `outputDir`: `nodejs/node_modules/<module>/` with a
 * `package.json` and one self-contained, minified CommonJS bundle of the installed package (and
 * its dependencies, so it does not depend on the SDK version the runtime happens to ship).
 * Offline: it reads the copy pnpm installed, never the registry.
 *
 * @example
 * writeDaxLayer(REPO_ROOT, fs.mkdtempSync(path.join(os.tmpdir(), 'dax-')));
 */
export function writeDaxLayer(repoRoot: string, outputDir: string): string {
  const from = path.join(repoRoot, DAX_LAYER.resolveFrom);
  const manifestPath = require.resolve(`${DAX_LAYER.module}/package.json`, { paths: [from] });
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as { name: string; version: string; license?: string };
  const moduleDir = path.join(outputDir, 'nodejs', 'node_modules', ...DAX_LAYER.module.split('/'));
  buildSync({
    entryPoints: [require.resolve(DAX_LAYER.module, { paths: [from] })],
    outfile: path.join(moduleDir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: BUNDLING.target,
    format: 'cjs',
    minify: true,
    legalComments: 'linked',
    logLevel: 'error',
  });
  fs.writeFileSync(
    path.join(moduleDir, 'package.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, license: manifest.license, main: 'index.js' }, null, 2)}\n`,
  );
  return moduleDir;
}

/** The DAX layer's code: {@link writeDaxLayer} as local asset bundling (skipped where bundling is). */
export function daxLayerCode(repoRoot: string): lambda.Code {
  return lambda.Code.fromAsset(path.join(repoRoot, DAX_LAYER.resolveFrom), {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('roadcall/local-bundling-only'),
      local: {
        tryBundle(outputDir: string): boolean {
          writeDaxLayer(repoRoot, outputDir);
          return true;
        },
      },
    },
  });
}
