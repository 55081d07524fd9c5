import { sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { backoffDelay } from '@roadcall/utils/dynamo';
import { createQueueConsumer, type QueueConsumer } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import type { Context, SQSRecord } from 'aws-lambda';
import { PermanentJobError } from './errors';
import { PublishingJobStore } from './liveEvents';
import type { JobRegistry } from './registry';
import { JobRunner, type JobRunnerOptions } from './runner';
import { signDownload } from './storage';
import type { JobMessage } from './types';

/** SQS caps a message's visibility timeout at 12 hours; retries back off well below it. */
const MAX_RETRY_DELAY_SECONDS = 15 * 60;

interface QueueInfo {
  readonly url: string;
  readonly maxReceiveCount: number;
  readonly visibilitySeconds: number;
}

/** URL, redrive limit and visibility of the queue a record came from (asked once per container). */
function queueInfoResolver(): (arn: string) => Promise<QueueInfo> {
  const cache = new Map<string, Promise<QueueInfo>>();
  return (arn) => {
    let info = cache.get(arn);
    if (!info) {
      info = (async () => {
        const [, , , , account, name] = arn.split(':');
        const { QueueUrl } = await sqsClient().send(
          new (sqsSdk().GetQueueUrlCommand)({ QueueName: name, QueueOwnerAWSAccountId: account }),
        );
        const url = QueueUrl as string;
        const { Attributes } = await sqsClient().send(
          new (sqsSdk().GetQueueAttributesCommand)({ QueueUrl: url, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }),
        );
        const redrive = Attributes?.RedrivePolicy ? (JSON.parse(Attributes.RedrivePolicy) as { maxReceiveCount?: number | string }) : {};
        return {
          url,
          maxReceiveCount: Number(redrive.maxReceiveCount ?? Number.POSITIVE_INFINITY),
          visibilitySeconds: Number(Attributes?.VisibilityTimeout ?? 30),
        };
      })();
      info.catch(() => cache.delete(arn));
      cache.set(arn, info);
    }
    return info;
  };
}

function parseMessage(record: SQSRecord): JobMessage {
  try {
    const body = JSON.parse(record.body) as Partial<JobMessage>;
    if (typeof body.jobId === 'string' && body.jobId) return { jobId: body.jobId };
  } catch {
    // fall through
  }
  throw new PermanentJobError(`Message ${record.messageId} is not a job message`);
}

export interface JobsConsumerOptions extends Omit<JobRunnerOptions, 'registry'> {
  readonly registry: JobRegistry;
  /** The consumer's function id in the contracts (its metrics series); default `jobs.processJobs`. */
  readonly functionId?: string;
}

/**
 * The jobs queue consumer (one function for the three priority queues), made with the shared
 * `createQueueConsumer`: Powertools batch reports partial failures, so one bad message never
 * re-runs the batch, and the invocation is recorded in the metrics. Per message:
 * - the runner claims, runs and finishes the job idempotently (see JobRunner);
 * - a failure backs the message off (its visibility set to an exponential delay with jitter,
 *   based on the queue's visibility timeout) and leaves it for redelivery;
 * - on the last receive before the DLQ (ApproximateReceiveCount = maxReceiveCount, read from the
 *   queue's redrive policy) the runner fails the job and emails once, then the message goes on to
 *   the DLQ, where it stays for inspection and redrive;
 * - a job out of Lambda time is checkpointed and continued by a fresh message on the same queue.
 *
 * @example
 * export const handler = createJobsConsumer({ registry, signLink: signDownload });
 */
export function createJobsConsumer(options: JobsConsumerOptions): QueueConsumer {
  // Job state changes also reach the owner's live events channel, and finished jobs the metrics.
  const runner = new JobRunner({
    signLink: signDownload,
    store: new PublishingJobStore({ signLink: options.signLink ?? signDownload }),
    ...options,
  });
  const queueInfo = queueInfoResolver();

  const handleRecord = async (record: SQSRecord, context: Context): Promise<void> => {
    const receives = Number(record.attributes.ApproximateReceiveCount ?? '1');
    const info = await queueInfo(record.eventSourceARN);
    let message: JobMessage;
    try {
      message = parseMessage(record);
    } catch (error) {
      // Not ours to run: retried like any failure, then kept in the DLQ for a human to look at.
      logger.error('Poison message (not a job message)', { messageId: record.messageId });
      throw error;
    }
    try {
      const outcome = await runner.run({
        jobId: message.jobId,
        lastAttempt: receives >= info.maxReceiveCount,
        remainingMs: context?.getRemainingTimeInMillis ? () => context.getRemainingTimeInMillis() : undefined,
      });
      if (outcome === 'yielded') {
        await sqsClient().send(new (sqsSdk().SendMessageCommand)({ QueueUrl: info.url, MessageBody: JSON.stringify(message) }));
      }
    } catch (error) {
      const delay = Math.min(
        MAX_RETRY_DELAY_SECONDS,
        Math.ceil(info.visibilitySeconds / 2) +
          Math.ceil(backoffDelay(receives, { baseMs: info.visibilitySeconds * 500, capMs: MAX_RETRY_DELAY_SECONDS * 1000 }) / 1000),
      );
      await sqsClient()
        .send(
          new (sqsSdk().ChangeMessageVisibilityCommand)({
            QueueUrl: info.url,
            ReceiptHandle: record.receiptHandle,
            VisibilityTimeout: delay,
          }),
        )
        .catch(() => undefined);
      logger.warn('Job attempt failed; retrying with backoff', {
        jobId: message.jobId,
        receives,
        delaySeconds: delay,
        error: (error as Error).message,
      });
      throw error;
    }
  };

  return createQueueConsumer({ function: options.functionId ?? 'jobs.processJobs', handleRecord });
}
