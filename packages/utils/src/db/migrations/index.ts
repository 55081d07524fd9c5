export { paymentsMigration } from './0001_payments';
export { analyticsMigration } from './0002_analytics';
export { applyMigrations, MIGRATIONS, type MigrationClient, migrate } from './runner';
export type { Migration, MigrationReport } from './types';
