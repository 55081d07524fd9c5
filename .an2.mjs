import { build } from 'esbuild';

const [entry] = process.argv.slice(2);
const r = await build({
  entryPoints: [entry],
  write: false,
  outfile: '/tmp/exp/x.js',
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
const bytes = new Map();
const files = new Map();
for (const o of Object.values(r.metafile.outputs))
  for (const [i, info] of Object.entries(o.inputs)) {
    const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1] ?? i.split('/').slice(0, 4).join('/');
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + info.bytesInOutput);
    files.set(i, info.bytesInOutput);
  }
console.log('total', (Object.values(r.metafile.outputs)[0].bytes / 1024).toFixed(1));
for (const [p, b] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log((b / 1024).toFixed(1).padStart(7), p);
if (process.env.FILES)
  for (const [p, b] of [...files].sort((a, b) => b[1] - a[1]).slice(0, +process.env.FILES))
    console.log((b / 1024).toFixed(1).padStart(7), p.replace(/.*node_modules\//, ''));
