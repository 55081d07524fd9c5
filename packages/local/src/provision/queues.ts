import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueContract } from '@roadcall/contracts';

export interface ProvisionedQueue {
  readonly url: string;
  readonly arn: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

async function arnOf(client: SQSClient, url: string): Promise<string> {
  const result = await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = result.Attributes?.QueueArn;
  if (!arn) throw new Error(`Queue ${url} has no ARN`);
  return arn;
}

/** Creates a queue and its DLQ, wired with the contract's redrive policy and visibility timeout. */
export async function createQueue(client: SQSClient, contract: QueueContract, physicalName: string): Promise<ProvisionedQueue> {
  const retention = String(contract.retentionDays * 86_400);
  const dlq = await client.send(
    new CreateQueueCommand({ QueueName: `${physicalName}-dlq`, Attributes: { MessageRetentionPeriod: String(14 * 86_400) } }),
  );
  const dlqUrl = dlq.QueueUrl as string;
  const dlqArn = await arnOf(client, dlqUrl);
  const main = await client.send(
    new CreateQueueCommand({
      QueueName: physicalName,
      Attributes: {
        VisibilityTimeout: String(contract.visibilityTimeoutSeconds),
        MessageRetentionPeriod: retention,
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: contract.maxReceiveCount }),
      },
    }),
  );
  const url = main.QueueUrl as string;
  return { url, arn: await arnOf(client, url), dlqUrl, dlqArn };
}
