export { paymentsMigration } from './0001_payments';
export { analyticsMigration } from './0002_analytics';
export { analyticsDepthMigration } from './0003_analytics_depth';
export { statementStatsMigration } from './0004_statement_stats';
export { applyMigrations, MIGRATIONS, type MigrationClient, migrate } from './runner';
export type { Migration, MigrationReport } from './types';
