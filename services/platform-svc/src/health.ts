import { dynamoClient, dynamodbSdk, sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { queueUrl, tableName } from '@roadcall/utils/config';
import { getPool } from '@roadcall/utils/db';
import { redisClient } from '@roadcall/utils/redis';

/** How long one dependency may take before it counts as down. */
export const HEALTH_CHECK_TIMEOUT_MS = 1_500;

export type DependencyName = 'dynamodb' | 'redis' | 'postgres' | 'sqs';

export interface DependencyStatus {
  readonly status: 'up' | 'down';
  readonly latencyMs: number;
  readonly error?: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly down: DependencyName[];
  readonly checks: Record<DependencyName, DependencyStatus>;
}

type Probe = () => Promise<unknown>;

/** The probes: the cheapest call that proves each dependency answers, with our resources in it. */
export const PROBES: Record<DependencyName, Probe> = {
  dynamodb: () => dynamoClient().send(new (dynamodbSdk().DescribeTableCommand)({ TableName: tableName('cache') })),
  redis: () => redisClient().ping(),
  postgres: () => getPool().query('SELECT 1'),
  sqs: () => sqsClient().send(new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: queueUrl('jobsNormal'), AttributeNames: ['QueueArn'] })),
};

async function probe(run: Probe, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (error as Error).message || String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** Checks every dependency concurrently; each gets its own timeout so one outage can't hide another. */
export async function checkHealth(
  probes: Record<DependencyName, Probe> = PROBES,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): Promise<HealthReport> {
  const names = Object.keys(probes) as DependencyName[];
  const results = await Promise.all(names.map((name) => probe(probes[name], timeoutMs)));
  const checks = Object.fromEntries(names.map((name, index) => [name, results[index]])) as Record<DependencyName, DependencyStatus>;
  const down = names.filter((name) => checks[name].status === 'down');
  return { status: down.length === 0 ? 'ok' : 'degraded', down, checks };
}
