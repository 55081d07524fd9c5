/**
 * `pnpm run docs`: regenerates the README's generated sections from the contracts (the env var
 * table), so the README cannot drift from the code. `--check` exits 1 when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadmeSections } from '../packages/contracts/src/docs';

const file = join(__dirname, '..', 'README.md');
const current = readFileSync(file, 'utf8');
const next = renderReadmeSections(current);
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('README.md is out of date with the contracts: run `pnpm run docs`.\n');
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(file, next);
  process.stdout.write('README.md updated.\n');
}
