import { CreateTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createBuckets } from '../provision';
import type { AssemblyModel } from './model';

/** Upstream engine URLs the provisioner talks to directly (it is the deploy, not a function). */
export interface ProvisionEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly s3: string;
}

/** What the templates' data resources became locally. */
export interface ProvisionedResources {
  readonly tables: string[];
  readonly queues: Array<{ name: string; url: string; arn: string }>;
  readonly buckets: string[];
}

/** Queue attributes CreateQueue takes, from the template's properties (SQS wants strings). */
const QUEUE_ATTRIBUTES = [
  'VisibilityTimeout',
  'MessageRetentionPeriod',
  'DelaySeconds',
  'MaximumMessageSize',
  'ReceiveMessageWaitTimeSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'RedrivePolicy',
  'RedriveAllowPolicy',
] as const;

/**
 * Creates what `cdk deploy` would for the data resources of the templates, on the local engines:
 * every AWS::DynamoDB::Table (KeySchema, AttributeDefinitions, GSIs and LSIs), every
 * AWS::SQS::Queue (dead-letter queues first, then the queues whose RedrivePolicy names them,
 * visibility timeout and retention as set) and every AWS::S3::Bucket. Existing ones are kept.
 *
 * @example
 * await provisionTemplates(model, { dynamodb: engines.endpoints.dynamodb, sqs: engines.endpoints.sqs, s3: engines.endpoints.sqs });
 */
export async function provisionTemplates(model: AssemblyModel, endpoints: ProvisionEndpoints): Promise<ProvisionedResources> {
  const common = { region: model.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
  const dynamo = new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb });
  const sqs = new SQSClient({ ...common, endpoint: endpoints.sqs, useQueueUrlAsEndpoint: false });
  const s3 = new S3Client({ ...common, endpoint: endpoints.s3, forcePathStyle: true });
  try {
    const tables = await Promise.all(
      model.resourcesOfType('AWS::DynamoDB::Table').map(async ({ stack, logicalId, resource }) => {
        const properties = model.resolve(stack, resource.Properties ?? {}) as Record<string, unknown>;
        const name = model.physicalName(stack, logicalId);
        const indexes = (key: string) => ((properties[key] as unknown[] | undefined)?.length ? (properties[key] as never) : undefined);
        try {
          await dynamo.send(
            new CreateTableCommand({
              TableName: name,
              BillingMode: 'PAY_PER_REQUEST',
              KeySchema: properties.KeySchema as never,
              AttributeDefinitions: properties.AttributeDefinitions as never,
              GlobalSecondaryIndexes: indexes('GlobalSecondaryIndexes'),
              LocalSecondaryIndexes: indexes('LocalSecondaryIndexes'),
            }),
          );
        } catch (error) {
          if (!(error instanceof ResourceInUseException)) throw error;
        }
        return name;
      }),
    );

    const queueResources = model.resourcesOfType('AWS::SQS::Queue');
    // Dead-letter queues first: a RedrivePolicy names its target by ARN, which must exist.
    const hasRedrive = (entry: (typeof queueResources)[number]): number => (entry.resource.Properties?.RedrivePolicy ? 1 : 0);
    const queues: ProvisionedResources['queues'] = [];
    for (const { stack, logicalId, resource } of [...queueResources].sort((a, b) => hasRedrive(a) - hasRedrive(b))) {
      const properties = model.resolve(stack, resource.Properties ?? {}) as Record<string, unknown>;
      const attributes: Record<string, string> = {};
      for (const key of QUEUE_ATTRIBUTES) {
        const value = properties[key];
        if (value !== undefined) attributes[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      const name = model.physicalName(stack, logicalId);
      const created = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
      model.setQueueUrl(name, created.QueueUrl as string);
      queues.push({ name, url: created.QueueUrl as string, arn: model.arn(stack, logicalId) });
    }

    const buckets = model.resourcesOfType('AWS::S3::Bucket').map(({ stack, logicalId }) => model.physicalName(stack, logicalId));
    await createBuckets(s3, buckets);
    return { tables, queues, buckets };
  } finally {
    dynamo.destroy();
    sqs.destroy();
    s3.destroy();
  }
}
