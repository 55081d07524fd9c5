/** `pnpm --filter @roadcall/dashboard build`: writes dist/ and prints each file's size. */
import { buildDashboard, DASHBOARD_DIST } from '../build';

buildDashboard().then(
  (files) => {
    for (const file of files)
      process.stdout.write(`${file.name.padEnd(12)} ${String(file.bytes).padStart(8)} B  ${String(file.gzipBytes).padStart(7)} B gzip\n`);
    process.stdout.write(`total gzip ${files.reduce((sum, f) => sum + f.gzipBytes, 0)} B -> ${DASHBOARD_DIST}\n`);
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
