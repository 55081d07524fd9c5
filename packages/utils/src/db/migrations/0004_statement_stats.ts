import type { Migration } from './types';

/**
 * pg_stat_statements, where the server can have it (Aurora PostgreSQL preloads it; the local
 * stack's PostgreSQL is started with it). A server without it (no contrib files, or not in
 * `shared_preload_libraries`, or no privilege) keeps going: /performance/database then says why
 * it has no statement figures instead of failing the deploy.
 */
export const statementStatsMigration: Migration = {
  id: '0004_statement_stats',
  description: 'pg_stat_statements where the server offers it',
  sql: `
DO $do$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_stat_statements not installed: %', SQLERRM;
END
$do$;
`,
};
