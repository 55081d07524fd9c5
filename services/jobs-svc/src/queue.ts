import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueName } from '@roadcall/contracts';
import { sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { queueUrl } from '@roadcall/utils/config';
import type { JobMessage, JobPriority } from './types';

/** The contract queue of each priority. */
export const PRIORITY_QUEUES: Readonly<Record<JobPriority, QueueName>> = { high: 'jobsHigh', normal: 'jobsNormal', low: 'jobsLow' };

/**
 * Sends a job's message to the queue of its priority. client-sqs is loaded on the first send
 * (`sqsSdk`), not at module init: every jobs function imports this module,
 * and only job creation enqueues.
 */
export async function enqueueJob(jobId: string, priority: JobPriority, client: Pick<SQSClient, 'send'> = sqsClient()): Promise<void> {
  const body: JobMessage = { jobId };
  await client.send(
    new (sqsSdk().SendMessageCommand)({ QueueUrl: queueUrl(PRIORITY_QUEUES[priority]), MessageBody: JSON.stringify(body) }),
  );
}
