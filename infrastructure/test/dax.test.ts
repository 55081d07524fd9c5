import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allFunctions, ENV, type FunctionDefinition, TABLES, type TableContract } from '@roadcall/contracts';
import { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { removeSynthOutputs, type Synthesized, synthStage } from './support/synth';

type Resource = { Type: string; Properties: Record<string, unknown> };

afterAll(removeSynthOutputs);

/** The template's functions by contract id (their Description starts `Roadcall <id> (`). */
function functionsById(template: Template): Map<string, Record<string, unknown>> {
  const byId = new Map<string, Record<string, unknown>>();
  for (const fn of Object.values(template.findResources('AWS::Lambda::Function')) as Resource[]) {
    const id = /^Roadcall (\S+) \(/.exec(String(fn.Properties.Description ?? ''))?.[1];
    if (id) byId.set(id, fn.Properties);
  }
  return byId;
}

/**
 * Which functions read which table through DAX is a code fact: only vendors-svc's repository
 * (`services/vendors-svc/src/repository/tableClient.ts`) builds a DAX client. Incidents and
 * tracking history are written constantly and read by key rarely (live state is in Redis), and
 * jobs scan / batch-write vendors directly: none of them may be put behind DAX (docs/vendors.md).
 */
const DAX_READERS = new Set(['vendors']);

describe('DAX only where a code path reads through it', () => {
  let dev: Synthesized;
  let fns: Map<string, Record<string, unknown>>;
  const functions = allFunctions();
  beforeAll(() => {
    dev = synthStage('dev');
    fns = functionsById(dev.templates.api);
  });

  it('puts only the vendors table behind DAX', () => {
    const behindDax = Object.entries(TABLES as Record<string, TableContract>)
      .filter(([, table]) => table.dax)
      .map(([key]) => key);
    expect(behindDax).toEqual(['vendors']);
  });

  it('gives DAX_ENDPOINT, DAX grants and the DAX layer to the DAX readers only', () => {
    const layers = Object.keys(dev.templates.api.findResources('AWS::Lambda::LayerVersion'));
    expect(layers).toHaveLength(1);
    for (const fn of functions) {
      const props = fns.get(fn.id);
      expect(props).toBeDefined();
      const reads = DAX_READERS.has(fn.service) && (fn.uses.tables ?? []).some((use) => use.table === 'vendors');
      const env = ((props?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {}) as Record<string, unknown>;
      expect({ id: fn.id, daxEndpoint: ENV.daxEndpoint in env }).toEqual({ id: fn.id, daxEndpoint: reads });
      expect({ id: fn.id, layers: JSON.stringify(props?.Layers ?? []) }).toEqual({
        id: fn.id,
        layers: reads ? JSON.stringify([{ Ref: layers[0] }]) : '[]',
      });
    }
    const policies = JSON.stringify(dev.templates.api.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('dax:GetItem');
  });

  it('keeps a function out of the VPC unless it reaches Redis, Aurora or DAX', () => {
    const inVpc = (fn: FunctionDefinition): boolean =>
      Boolean(
        fn.uses.redis || fn.uses.database || (DAX_READERS.has(fn.service) && (fn.uses.tables ?? []).some((u) => u.table === 'vendors')),
      );
    for (const fn of functions) {
      expect({ id: fn.id, vpc: fns.get(fn.id)?.VpcConfig !== undefined }).toEqual({ id: fn.id, vpc: inVpc(fn) });
    }
    // The ones DAX alone used to put there (jobs.processJobs is back in: it publishes live events to Redis).
    for (const id of ['incidents.create', 'incidents.get', 'incidents.list', 'jobs.cleanup']) {
      expect({ id, vpc: fns.get(id)?.VpcConfig !== undefined }).toEqual({ id, vpc: false });
    }
  });
});

/**
 * `pnpm synth` with bundling, the registry unreachable: every function bundled by the shared
 * esbuild pass and the DAX client shipped once, as a layer built from the installed package.
 * The registry is pointed at a closed local port, so any install (the old per-function
 * `nodeModules`) fails instead of reaching the network.
 */
describe('synth with bundling and no registry', () => {
  const saved = { ...process.env };
  let outdir: string;
  let synth: Synthesized;

  beforeAll(() => {
    for (const name of ['npm_config_registry', 'NPM_CONFIG_REGISTRY']) process.env[name] = 'http://127.0.0.1:9/';
    process.env.npm_config_fetch_retries = '0';
    synth = synthStage('dev', { context: { 'aws:cdk:bundling-stacks': ['**'] } });
    outdir = synth.app.outdir;
  }, 300_000);
  afterAll(() => {
    process.env = saved;
  });

  /** The staged directory of the asset a resource's code or content names by hash. */
  const assetDir = (hash: string): string => path.join(outdir, `asset.${hash}`);

  it('bundles every function into index.js + map, with nothing installed beside it', () => {
    const api = synth.templates.api;
    const fns = functionsById(api);
    const keys = new Set<string>();
    for (const fn of allFunctions()) {
      const props = fns.get(fn.id) as { Code: { S3Key: string }; Handler: string };
      expect(props.Handler).toBe('index.handler');
      keys.add(props.Code.S3Key);
      const dir = assetDir(props.Code.S3Key.replace(/\.zip$/, ''));
      expect({ id: fn.id, files: fs.readdirSync(dir).sort() }).toEqual({ id: fn.id, files: ['index.js', 'index.js.map'] });
      // Its own handler, not a neighbour's: the source map lists the entry file.
      const sources = (JSON.parse(fs.readFileSync(path.join(dir, 'index.js.map'), 'utf8')) as { sources: string[] }).sources;
      expect({ id: fn.id, entry: sources.some((source) => source.endsWith(fn.entry)) }).toEqual({ id: fn.id, entry: true });
    }
    expect(keys.size).toBe(allFunctions().length);
    expect(Stack.of(synth.stacks.api).bundlingRequired).toBe(true);
  });

  it('ships lib-dax once, as a layer whose module loads and builds a DaxDocument without the repository', () => {
    const [layer, ...others] = Object.values(synth.templates.api.findResources('AWS::Lambda::LayerVersion')) as Resource[];
    expect(others).toHaveLength(0);
    if (!layer) throw new Error('no DAX layer in the api stack');
    const key = (layer.Properties.Content as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    const nodeModules = path.join(assetDir(key), 'nodejs', 'node_modules');
    expect(fs.readdirSync(path.join(nodeModules, '@amazon-dax-sdk'))).toEqual(['lib-dax']);

    // As Lambda loads it: a plain node process, resolving through the layer's node_modules only
    // (NODE_PATH, from a directory outside the repository, so its node_modules cannot help).
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadcall-dax-layer-'));
    try {
      const probe = path.join(probeDir, 'probe.js');
      fs.writeFileSync(
        probe,
        `const { DaxDocument } = require('@amazon-dax-sdk/lib-dax');
const where = require.resolve('@amazon-dax-sdk/lib-dax');
const dax = new DaxDocument({ endpoint: 'dax://127.0.0.1:9', region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxRetries: 0, maxRetryDelay: 50 });
dax.get({ TableName: 't', Key: { id: '1' } }).then(
  () => { dax.shutdown(); console.log(JSON.stringify({ where, result: 'ok' })); },
  (error) => { dax.shutdown(); console.log(JSON.stringify({ where, result: String(error.code) })); },
);
`,
      );
      const out = execFileSync(process.execPath, [probe], {
        cwd: probeDir,
        env: { PATH: process.env.PATH ?? '', NODE_PATH: nodeModules },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 60_000,
      });
      const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { where: string; result: string };
      expect(report.where.startsWith(nodeModules)).toBe(true);
      // The client reached its network layer (no DAX there), not a "not supported" refusal.
      expect(report.result).toBe('NoRouteException');
    } finally {
      fs.rmSync(probeDir, { recursive: true, force: true });
    }
  });
});
