/**
 * `pnpm run docs`: regenerates what is generated from the code, so the docs cannot drift from it:
 * the README's generated sections (the env var table, from the contracts) and docs/openapi.json
 * (the OpenAPI 3.1 description, from the route contracts and the handlers' zod schemas).
 * `--check` exits 1 when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderReadmeSections } from '../packages/contracts/src/docs';
import { buildOpenApi, renderOpenApi } from '../packages/openapi/src';

const root = join(__dirname, '..');
const outputs = [
  { file: join(root, 'README.md'), render: (current: string) => renderReadmeSections(current) },
  { file: join(root, 'docs', 'openapi.json'), render: () => renderOpenApi(buildOpenApi({ root })) },
];
let stale = false;
for (const { file, render } of outputs) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // Not written yet.
  }
  const next = render(current);
  if (next === current) continue;
  const name = file.slice(root.length + 1);
  if (process.argv.includes('--check')) {
    process.stderr.write(`${name} is out of date with the code: run \`pnpm run docs\`.\n`);
    stale = true;
  } else {
    writeFileSync(file, next);
    process.stdout.write(`${name} updated.\n`);
  }
}
// Handler modules may hold timers (metrics flush); this is a one-shot script.
process.exit(stale ? 1 : 0);
