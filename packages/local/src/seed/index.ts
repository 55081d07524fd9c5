/**
 * Seeders run by `pnpm dev` after the engines start: each service that needs demo data registers
 * one here. They must be idempotent (the same data on every run) and quick (a small set).
 */
export type Seeder = { readonly name: string; run(): Promise<string> };

export const LOCAL_SEEDERS: ReadonlyArray<Seeder> = [];
