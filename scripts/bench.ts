/**
 * `pnpm bench <name>`: runs benchmarks/<name>.bench.ts, which prints a table and, as its last
 * line, one JSON object with every figure and ratio (for CI and closing notes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const dir = join(root, 'benchmarks');
const available = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''));
const [name, ...rest] = process.argv.slice(2);

if (!name || !available.includes(name)) {
  process.stderr.write(`usage: pnpm bench <name> [options]\navailable: ${available.join(', ') || '(none)'}\n`);
  process.exit(name ? 2 : 0);
}
const file = join(dir, `${name}.bench.ts`);
if (!existsSync(file)) process.exit(2);
const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', file, ...rest], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
process.exit(result.status ?? 1);
