import { isConnectionError, type MigrationReport, migrate, retryTransient } from '@roadcall/utils/db';
import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { MIGRATE_RETRY_POLICY } from '../constants';

/**
 * Deploy trigger `payments-migrate` (contracts: DEPLOY_TRIGGERS): applies the pending PostgreSQL
 * migrations on a dedicated connection under the runner's advisory lock, so concurrent runs
 * serialise and a second run applies nothing. It connects with the env the function is given
 * (DATABASE_URL locally; DATABASE_HOST + DATABASE_SECRET_ARN + DATABASE_NAME in AWS) and throws on
 * any failure, which fails the CDK trigger and with it the deploy.
 *
 * Connection failures are retried for a while: on a first deploy the RDS Proxy exists before its
 * target is available. A failing migration is not retried (each one rolls back on its own).
 */
export const handler = createScheduledHandler({
  function: 'payments.migrate',
  run: async (): Promise<MigrationReport> => {
    try {
      const { value: report, attempts } = await retryTransient(() => migrate(), {
        policy: MIGRATE_RETRY_POLICY,
        shouldRetry: isConnectionError,
        onRetry: (error, delayMs) => logger.warn('PostgreSQL not reachable yet; retrying', { error: (error as Error).message, delayMs }),
      });
      logger.info('PostgreSQL migrations done', { ...report, attempts });
      return report;
    } catch (error) {
      logger.error('PostgreSQL migrations failed', { error: error as Error });
      throw error;
    }
  },
});
