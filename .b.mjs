import { build } from 'esbuild';

for (const n of process.argv.slice(2)) {
  const r = await build({
    entryPoints: [`packages/utils/.exp/${n}.ts`],
    outfile: `/tmp/exp/c-${n}.js`,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    metafile: true,
    logLevel: 'silent',
    external: ['@aws-sdk/*', 'pg-native', '@amazon-dax-sdk/*'],
    absWorkingDir: '/work/main',
  });
  console.log(n, (Object.values(r.metafile.outputs)[0].bytes / 1024).toFixed(1), 'KB');
}
