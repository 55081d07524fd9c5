/**
 * `pnpm seed [--count 10000] [--seed 42]`: seeds vendors (deterministic, around real metro areas,
 * with a progress bar) into the running `pnpm dev` stack. See docs/vendors.md.
 */
import { runSeed } from '../services/vendors-svc/src/cli/seed';

runSeed().catch((error: unknown) => {
  process.stderr.write(`seed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
