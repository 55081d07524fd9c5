import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BUCKETS, localResourceName, QUEUES, TABLES } from '@roadcall/contracts';
import { createBuckets } from './buckets';
import { createQueue, type ProvisionedQueue } from './queues';
import { createTables } from './tables';

export { createBuckets } from './buckets';
export { createQueue, type ProvisionedQueue } from './queues';
export { createTableInput, createTables } from './tables';

export interface ProvisionTargets {
  readonly stage: string;
  readonly dynamoEndpoint: string;
  readonly sqsEndpoint: string;
  readonly region: string;
}

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Creates every table, queue (with its DLQ) and bucket in the contracts and returns the env vars
 * that carry their names and URLs to the handlers, exactly as CDK would set them.
 */
export async function provisionContracts(
  targets: ProvisionTargets,
): Promise<{ env: Record<string, string>; queues: Record<string, ProvisionedQueue> }> {
  const common = { region: targets.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: targets.dynamoEndpoint });
  const sqs = new SQSClient({ ...common, endpoint: targets.sqsEndpoint, useQueueUrlAsEndpoint: false });
  const s3 = new S3Client({ ...common, endpoint: targets.sqsEndpoint, forcePathStyle: true });
  const env: Record<string, string> = {};
  const queues: Record<string, ProvisionedQueue> = {};
  try {
    const tables = Object.values(TABLES).map((contract) => ({ contract, physicalName: localResourceName(targets.stage, contract.name) }));
    await createTables(dynamo, tables);
    for (const { contract, physicalName } of tables) env[contract.envVar] = physicalName;

    for (const [key, contract] of Object.entries(QUEUES)) {
      const queue = await createQueue(sqs, contract, localResourceName(targets.stage, contract.name));
      queues[key] = queue;
      env[contract.envVar] = queue.url;
    }

    const buckets = Object.values(BUCKETS).map((bucket) => ({ bucket, physicalName: localResourceName(targets.stage, bucket.name) }));
    await createBuckets(
      s3,
      buckets.map((b) => b.physicalName),
    );
    for (const { bucket, physicalName } of buckets) env[bucket.envVar] = physicalName;
    return { env, queues };
  } finally {
    dynamo.destroy();
    sqs.destroy();
    s3.destroy();
  }
}
