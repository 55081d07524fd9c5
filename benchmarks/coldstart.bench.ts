/**
 * `pnpm bench coldstart`: for every function in the contracts (`allFunctions()`), the bundle CDK's
 * NodejsFunction builds (esbuild with the contracts' `BUNDLING` settings, the ones
 * `infrastructure/lib/constructs/roadcall-function.ts` passes: bundled, minified, tree-shaken,
 * platform node, target node22, CommonJS, `BUNDLING.externalModules` left out: `@aws-sdk/*`
 * because the Node 22 runtime ships it, `@amazon-dax-sdk/*` because DAX functions get it installed
 * beside the bundle and load it lazily) and its module init time in a fresh Node process (the
 * `require` of the bundle, median of several processes), against an empty handler built and
 * measured the same way in the same run.
 *
 * Client libraries (ioredis, pg, the AWS SDK) load on first use, so init leaves them out. The
 * cost moves rather than vanishes, and the table shows where it went: for every route function,
 * the first warming ping of the fresh container ("cold ping ms"), which loads what the function's
 * contract `uses` (`primeFor`) as the warmer does in AWS, and init + that ping ("ready ms"): what a
 * warmed container has paid before its first user, and what a cold container's first user pays
 * at most on top of init.
 *
 * "libraries KB" is the part of a bundle that comes from npm packages: for a function that needs
 * both Redis and PostgreSQL, ioredis + pg + zod + lru-cache + Powertools alone exceed 300 KB.
 *
 * Targets: bundle <= 300 KB, init <= 60 ms. Options: --runs N (processes per handler, default 5).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allFunctions, BUCKETS, BUNDLING, bundleDefines, ENV, type FunctionDefinition, QUEUES, TABLES } from '@roadcall/contracts';
import { STREAM_HANDLER } from '@roadcall/utils/http';
import { WARMER_EVENT_SOURCE } from '@roadcall/utils/warmer';
import { build, type Metafile } from 'esbuild';
import { report } from './support/report';
import { median } from './support/stats';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, '.roadcall', 'coldstart');
const BUNDLE_TARGET_KB = 300;
const INIT_TARGET_MS = 60;
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Number(process.argv[runsArg + 1]) || 5) : 5;

/** What CDK's NodejsFunction does with our settings (see infrastructure): the same esbuild options. */
async function bundle(entry: string, outfile: string, definition?: FunctionDefinition): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: BUNDLING.minify,
    treeShaking: true,
    platform: 'node',
    target: BUNDLING.target,
    format: BUNDLING.format,
    // Exactly CDK's externals (runtime-provided SDK, unused pg-native, DAX installed beside DAX functions).
    external: [...BUNDLING.externalModules],
    // CDK's bundling.define: client libraries the contract does not declare are left out.
    define: definition ? bundleDefines(definition) : {},
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return result.metafile;
}

/** The env a deployed function has (names from the contracts), so module-scope config reads succeed as in AWS. */
function functionEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    // External @aws-sdk/* resolve from pnpm's hoisted store, as they would from the runtime's own copy.
    NODE_PATH: join(ROOT, 'node_modules', '.pnpm', 'node_modules'),
    [ENV.stage]: 'bench',
    [ENV.region]: 'us-east-1',
    [ENV.logLevel]: 'ERROR',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    [ENV.redisUrl]: 'redis://127.0.0.1:1',
    [ENV.databaseUrl]: 'postgres://bench:bench@127.0.0.1:1/bench',
    [ENV.cursorSecret]: 'bench-cursor-secret-bench-cursor-secret',
  };
  for (const table of Object.values(TABLES)) env[table.envVar] = `bench-${table.name}`;
  for (const queue of Object.values(QUEUES)) env[queue.envVar] = `https://sqs.us-east-1.amazonaws.com/000000000000/bench-${queue.name}`;
  for (const bucket of Object.values(BUCKETS)) env[bucket.envVar] = `bench-${bucket.name}`;
  return env;
}

interface ColdSample {
  /** require() of the bundle. */
  readonly init: number;
  /** The first warming ping after init (route functions only): priming included. */
  readonly ping?: number;
}

/**
 * One fresh process: the time to require the bundle (node's own startup is not counted) and, for
 * a route function, the time of its first warming ping (a stream handler gets a discarding stream).
 */
function coldSample(file: string, env: NodeJS.ProcessEnv, route: boolean): ColdSample {
  const script = `const t=performance.now();const m=require(${JSON.stringify(file)});const init=performance.now()-t;
if(typeof m.handler!=='function')throw new Error('no handler export');
(async()=>{let ping;if(${route}){const e={source:${JSON.stringify(WARMER_EVENT_SOURCE)}},c={functionName:'bench'},p=performance.now();
if(m.handler[Symbol.for(${JSON.stringify(STREAM_HANDLER.description)})])await m.handler(e,{write(){return true},end(){},on(){}},c);else await m.handler(e,c);ping=performance.now()-p;}
process.stdout.write(JSON.stringify({init,ping}));process.exit(0);})().catch((e)=>{console.error(String(e&&e.stack||e));process.exit(1);});`;
  const out = execFileSync(process.execPath, ['-e', script], { env, cwd: OUT, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
  return JSON.parse(out.toString()) as ColdSample;
}

/** The three biggest contributors of a bundle, by package (or workspace folder). */
/**
 * Bytes of the bundle that come from npm packages (ioredis, pg, zod, lru-cache, Powertools...):
 * the part of the size budget our own code does not control.
 */
function thirdPartyBytes(metafile: Metafile): number {
  let bytes = 0;
  for (const output of Object.values(metafile.outputs))
    for (const [input, info] of Object.entries(output.inputs)) if (input.includes('node_modules/')) bytes += info.bytesInOutput;
  return bytes;
}

function heaviest(metafile: Metafile): string {
  const bytes = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, info] of Object.entries(output.inputs)) {
      const pkg =
        /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 3).join('/');
      bytes.set(pkg, (bytes.get(pkg) ?? 0) + info.bytesInOutput);
    }
  }
  return [...bytes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([pkg, size]) => `${pkg} ${(size / 1024).toFixed(0)}KB`)
    .join(', ');
}

async function main(): Promise<void> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const env = functionEnv();

  const emptyEntry = join(OUT, 'empty-handler.ts');
  writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
  const emptyMeta = await bundle(emptyEntry, join(OUT, 'empty.js'));
  const emptyBytes = Object.values(emptyMeta.outputs)[0]?.bytes ?? 0;
  const emptySamples = Array.from({ length: RUNS }, () => coldSample(join(OUT, 'empty.js'), env, false).init);
  const emptyInit = median(emptySamples);

  const rows: Array<Record<string, string | number>> = [
    {
      function: '(empty handler)',
      'bundle KB': emptyBytes / 1024,
      'libraries KB': 0,
      'init ms': emptyInit,
      'init - empty ms': 0,
      'vs empty': 1,
      'cold ping ms': '-',
      'ready ms': '-',
      ok: 'baseline',
      'heaviest inputs': '',
    },
  ];
  const results: Array<Record<string, unknown>> = [];
  for (const fn of allFunctions()) {
    const entry = join(ROOT, fn.entry);
    const outfile = join(OUT, `${fn.id}.js`);
    if (!existsSync(entry)) {
      rows.push({
        function: fn.id,
        'bundle KB': '-',
        'libraries KB': '-',
        'init ms': '-',
        'init - empty ms': '-',
        'vs empty': '-',
        'cold ping ms': '-',
        'ready ms': '-',
        ok: 'MISSING',
        'heaviest inputs': fn.entry,
      });
      results.push({ id: fn.id, error: 'entry file missing' });
      continue;
    }
    try {
      const meta = await bundle(entry, outfile, fn);
      const bytes = Object.values(meta.outputs)[0]?.bytes ?? 0;
      const route = fn.triggers.some((trigger) => trigger.kind === 'route');
      const samples = Array.from({ length: RUNS }, () => coldSample(outfile, env, route));
      const init = median(samples.map((sample) => sample.init));
      const ping = route ? median(samples.map((sample) => sample.ping ?? Number.NaN)) : undefined;
      const ready = route ? median(samples.map((sample) => sample.init + (sample.ping ?? Number.NaN))) : undefined;
      const ok = bytes <= BUNDLE_TARGET_KB * 1024 && init <= INIT_TARGET_MS;
      rows.push({
        function: fn.id,
        'bundle KB': bytes / 1024,
        'libraries KB': thirdPartyBytes(meta) / 1024,
        'init ms': init,
        'init - empty ms': init - emptyInit,
        'vs empty': init / emptyInit,
        'cold ping ms': ping ?? '-',
        'ready ms': ready ?? '-',
        ok: ok ? 'yes' : 'NO',
        'heaviest inputs': heaviest(meta),
      });
      results.push({
        id: fn.id,
        bundleKb: Math.round((bytes / 1024) * 10) / 10,
        librariesKb: Math.round((thirdPartyBytes(meta) / 1024) * 10) / 10,
        initMs: Math.round(init * 100) / 100,
        ...(ping === undefined ? {} : { coldPingMs: Math.round(ping * 100) / 100, readyMs: Math.round((ready ?? 0) * 100) / 100 }),
        ok,
        heaviest: heaviest(meta),
      });
    } catch (error) {
      const message =
        (error as { stderr?: Buffer }).stderr
          ?.toString()
          .split('\n')
          .find((line) => /Error/.test(line)) ?? (error as Error).message.split('\n')[0];
      rows.push({
        function: fn.id,
        'bundle KB': '-',
        'libraries KB': '-',
        'init ms': '-',
        'init - empty ms': '-',
        'vs empty': '-',
        'cold ping ms': '-',
        'ready ms': '-',
        ok: 'ERROR',
        'heaviest inputs': String(message).slice(0, 120),
      });
      results.push({ id: fn.id, error: String(message).slice(0, 300) });
    }
  }

  const measured = results.filter((r) => typeof r.bundleKb === 'number') as Array<{ bundleKb: number; initMs: number; ok: boolean }>;
  report(
    `coldstart (esbuild minified cjs node22, external ${BUNDLING.externalModules.join(' ')}; init = require() in a fresh process; cold ping = its first warming ping, which loads what the contract uses; medians of ${RUNS})`,
    rows,
    {
      runs: RUNS,
      targets: { bundleKb: BUNDLE_TARGET_KB, initMs: INIT_TARGET_MS },
      empty: { bundleKb: Math.round((emptyBytes / 1024) * 100) / 100, initMs: Math.round(emptyInit * 100) / 100 },
      functions: results,
      maxBundleKb: Math.max(0, ...measured.map((r) => r.bundleKb)),
      maxInitMs: Math.max(0, ...measured.map((r) => r.initMs)),
      allWithinTargets: results.length > 0 && results.every((r) => r.ok === true),
    },
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
