/**
 * Seeders run by `pnpm dev` after the engines start: each service that needs demo data registers
 * one here. They must be idempotent (the same data on every run) and quick (a small set).
 */
import { join } from 'node:path';
import { repoRoot } from '../handlers';

export type Seeder = { readonly name: string; run(): Promise<string> };

/** Loads a service's seeder from its source file, as handlers are loaded (no package dependency on services). */
function serviceSeeder(name: string, file: string, exported: string): Seeder {
  return {
    name,
    run: async () => {
      const loaded = require(join(repoRoot(), file)) as Record<string, () => Promise<string>>;
      const run = loaded[exported];
      if (typeof run !== 'function') throw new Error(`${file} does not export a function named "${exported}"`);
      return run();
    },
  };
}

export const LOCAL_SEEDERS: ReadonlyArray<Seeder> = [
  // 500 vendors around real metros (seed 42), including the demo vendor `vendor-000000`.
  serviceSeeder('vendors', 'services/vendors-svc/src/seed/local.ts', 'seedLocalVendors'),
];
