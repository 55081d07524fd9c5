import { QUEUES, type QueueName } from '@roadcall/contracts';
import { sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { queueUrl } from '@roadcall/utils/config';

export interface DlqDepth {
  readonly queue: string;
  /** ApproximateNumberOfMessages of the queue's DLQ; `null` when it could not be read. */
  readonly depth: number | null;
  readonly error?: string;
}

/** The narrow SQS slice DLQ inspection needs. */
export interface QueueInspector {
  dlqUrl(queueUrl: string): Promise<string | undefined>;
  approximateMessages(queueUrl: string): Promise<number>;
  /** Visible, in flight (received, not yet deleted) and delayed messages, in one read. */
  counts(queueUrl: string): Promise<QueueCounts>;
}

/** A queue's ApproximateNumberOf* attributes. */
export interface QueueCounts {
  readonly visible: number;
  readonly inFlight: number;
  readonly delayed: number;
}

/**
 * SQS through the SDK: a queue's DLQ is found through its redrive policy (CDK generates the
 * physical names, so no name is guessed), then its ApproximateNumberOfMessages is read.
 */
export const sqsInspector: QueueInspector = {
  async dlqUrl(url) {
    const main = await sqsClient().send(new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }));
    const policy = main.Attributes?.RedrivePolicy;
    if (!policy) return undefined;
    const arn = (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn;
    const parts = arn?.split(':');
    if (!parts || parts.length < 6) return undefined;
    const found = await sqsClient().send(new (sqsSdk().GetQueueUrlCommand)({ QueueName: parts[5], QueueOwnerAWSAccountId: parts[4] }));
    return found.QueueUrl;
  },
  async approximateMessages(url) {
    const result = await sqsClient().send(
      new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(result.Attributes?.ApproximateNumberOfMessages ?? 0);
  },
  async counts(url) {
    const result = await sqsClient().send(
      new (sqsSdk().GetQueueAttributesCommand)({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const attribute = (name: string): number => Number(result.Attributes?.[name as 'ApproximateNumberOfMessages'] ?? 0);
    return {
      visible: attribute('ApproximateNumberOfMessages'),
      inFlight: attribute('ApproximateNumberOfMessagesNotVisible'),
      delayed: attribute('ApproximateNumberOfMessagesDelayed'),
    };
  },
};

/** The DLQ depth of every contract queue; a queue that cannot be read is reported, not thrown. */
export async function dlqDepths(inspector: QueueInspector = sqsInspector): Promise<DlqDepth[]> {
  return Promise.all(
    (Object.keys(QUEUES) as QueueName[]).map(async (queue): Promise<DlqDepth> => {
      try {
        const dlq = await inspector.dlqUrl(queueUrl(queue));
        if (!dlq) return { queue, depth: null, error: 'no redrive policy (no DLQ)' };
        return { queue, depth: await inspector.approximateMessages(dlq) };
      } catch (error) {
        return { queue, depth: null, error: (error as Error).message || String(error) };
      }
    }),
  );
}
