/**
 * `pnpm db:migrate`: applies the PostgreSQL migrations (packages/utils/src/db/migrations) to
 * DATABASE_URL, or in AWS to DATABASE_HOST with the DATABASE_SECRET_ARN credentials; with neither
 * set, to the running `pnpm dev` stack's database (found as every script finds it). The deploy
 * pipeline runs it before shifting traffic to new code; it is safe to run twice or concurrently
 * (an advisory lock serialises runs, applied migrations are skipped, edited ones refused).
 */
import { ENV } from '@roadcall/contracts';
import { useStackEnv } from '@roadcall/local';
import { migrate } from '../packages/utils/src/db';

Promise.resolve()
  .then(() => useStackEnv([ENV.databaseUrl, ENV.databaseHost], 'pnpm db:migrate'))
  .then(() => migrate())
  .then((report) => {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  })
  .catch((error: unknown) => {
    process.stderr.write(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
