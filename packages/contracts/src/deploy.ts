import type { DeployTriggerContract } from './types';

/**
 * Deploy triggers: functions run once per deploy (CDK `triggers.Trigger`), and once at start by
 * the local stacks. A trigger must be idempotent and throw on failure, so the deploy fails.
 */
export const DEPLOY_TRIGGERS: ReadonlyArray<DeployTriggerContract> = [
  {
    id: 'payments-migrate',
    description:
      'Applies the pending PostgreSQL migrations under an advisory lock (after Aurora and RDS Proxy exist, before the functions that use them change).',
    // 300 s: the CDK trigger waits for it; a migration that needs longer belongs in a job.
    target: { service: 'payments', handler: 'migrate', uses: { database: true }, timeoutSeconds: 300, memoryMb: 256 },
  },
];
