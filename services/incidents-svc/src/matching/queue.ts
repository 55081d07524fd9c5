import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClient, sqsSdk } from '@roadcall/utils/aws';
import { queueUrl } from '@roadcall/utils/config';
import { MAX_SQS_DELAY_SECONDS } from '../constants';
import type { MatchingMessage } from '../types';

/** Sends matching steps to the matching queue. */
export interface MatchingQueue {
  /** Schedules a step: now, or after `delaySeconds` (an offer window; at most 900 s). */
  send(message: MatchingMessage, delaySeconds?: number): Promise<void>;
}

/**
 * The matching queue on SQS. Per-offer timeouts are message delays (DelaySeconds), not a
 * sleeping function and not a schedule: EventBridge cannot fire more often than once a minute,
 * and a delay costs nothing while it waits.
 *
 * client-sqs (and the shared client) is loaded on the first send, not when the queue is built:
 * every incidents function builds the service, but only create, accept, updateStatus and the
 * matching functions enqueue; get, list and offers never load SQS.
 *
 * @example
 * await sqsMatchingQueue().send({ incidentId, round: 2 }, offerWindowSeconds);
 */
export function sqsMatchingQueue(client?: Pick<SQSClient, 'send'>): MatchingQueue {
  return {
    async send(message, delaySeconds = 0) {
      await (client ?? sqsClient()).send(
        new (sqsSdk().SendMessageCommand)({
          QueueUrl: queueUrl('incidentMatching'),
          MessageBody: JSON.stringify(message),
          DelaySeconds: Math.max(0, Math.min(MAX_SQS_DELAY_SECONDS, Math.ceil(delaySeconds))),
        }),
      );
    },
  };
}
