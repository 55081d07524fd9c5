import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUNDLING, bundleDefines, type ResourceUse } from '@roadcall/contracts';
import { build } from 'esbuild';

// Bundles the real drivers the way CDK does (contracts' BUNDLING + bundleDefines) and loads the result.
describe('contract-driven bundle flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roadcall-bundle-flags-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `export { ioredisModule } from ${JSON.stringify(join(__dirname, '../../src/redis/driver'))};\n` +
      `export { pgModule } from ${JSON.stringify(join(__dirname, '../../src/db/driver'))};\n`,
  );
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function bundleFor(uses: ResourceUse, name: string) {
    const outfile = join(dir, `${name}.js`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: BUNDLING.minify,
      platform: 'node',
      target: BUNDLING.target,
      format: BUNDLING.format,
      external: [...BUNDLING.externalModules],
      define: bundleDefines({ uses }),
      logLevel: 'silent',
    });
    const { readFileSync } = await import('node:fs');
    return {
      code: readFileSync(outfile, 'utf8'),
      module: require(outfile) as { ioredisModule: () => { Redis: unknown }; pgModule: () => { Pool: unknown } },
    };
  }

  it('leaves ioredis and pg out of a function that declares neither, and says why if code reaches for them', async () => {
    expect(bundleDefines({ uses: {} })).toEqual({
      'process.env.ROADCALL_BUNDLE_WITHOUT_REDIS': '"true"',
      'process.env.ROADCALL_BUNDLE_WITHOUT_POSTGRES': '"true"',
    });
    const { code, module } = await bundleFor({}, 'neither');
    // A guard against the client libraries sneaking in (ioredis alone is hundreds of KB), not a budget
    // for our own code: the wrappers and metrics every function shares are ~23 KB.
    expect(code.length).toBeLessThan(40_000);
    expect(code).not.toContain('redis-parser');
    expect(code).not.toContain('pg-protocol');
    expect(() => module.ioredisModule()).toThrow(/contract does not declare `redis`/);
    expect(() => module.pgModule()).toThrow(/contract does not declare `database`/);
  });

  it('bundles each library for a function that declares it', async () => {
    expect(bundleDefines({ uses: { redis: true, database: true } })).toEqual({});
    const redisOnly = await bundleFor({ redis: true }, 'redis');
    expect(typeof redisOnly.module.ioredisModule().Redis).toBe('function');
    expect(() => redisOnly.module.pgModule()).toThrow(/database/);
    const both = await bundleFor({ redis: true, database: true }, 'both');
    expect(typeof both.module.ioredisModule().Redis).toBe('function');
    expect(typeof both.module.pgModule().Pool).toBe('function');
    expect(both.code.length).toBeGreaterThan(redisOnly.code.length + 50_000);
  });
});
