export { type ConnectionResolver, clientSettings, type DatabaseConfig, databaseConfigFromEnv } from './config';
export * as DB_LIMITS from './constants';
export { DatabaseUnavailableError, TransactionConflictError } from './errors';
export { applyMigrations, MIGRATIONS, type Migration, type MigrationReport, migrate } from './migrations';
export { type DatabaseHealth, DatabasePool, type IsolationLevel, type Queryable, type QueryOptions, type TransactionOptions } from './pool';
export {
  DEFAULT_RETRY_POLICY,
  decorrelatedJitter,
  isConnectionError,
  isSerializationFailure,
  isTransientError,
  type RetryPolicy,
  retryTransient,
} from './retry';
export { closePool, getPool } from './shared';
export type { AcquireLatency, PoolStatistics } from './stats';
