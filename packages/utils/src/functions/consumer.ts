import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../logger';
import { isWarmingEvent, markInvocation } from '../warmer';
import { assertFunctionId } from './functionId';
import { observeInvocation } from './observe';

/** Options of {@link createQueueConsumer}. */
export interface QueueConsumerOptions {
  /** The consumer's contract id, `<service>.<handler>` (e.g. `incidents.processMatching`). */
  readonly function: string;
  /**
   * Handles one message. Throwing reports that message (only) as failed: SQS redelivers it, and
   * after the queue's `maxReceiveCount` receives moves it to the DLQ, where it stays for
   * inspection and redrive. Nothing is dropped: a malformed message throws too.
   */
  readonly handleRecord: (record: SQSRecord, context: Context) => Promise<unknown>;
}

export type QueueConsumer = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Wraps an SQS consumer the same way for every service: warmer short-circuit, the batch's records
 * in parallel through Powertools' batch processor, partial batch failures (`batchItemFailures`,
 * the event source mapping has `ReportBatchItemFailures`), and one recorded invocation (count,
 * error when any record failed, latency, cold start) under the consumer's function id.
 *
 * @example
 * export const handler = createQueueConsumer({
 *   function: 'incidents.processMatching',
 *   handleRecord: async (record) => matchingEngine().handle(parseMatchingMessage(record)),
 * });
 */
export function createQueueConsumer(options: QueueConsumerOptions): QueueConsumer {
  const id = assertFunctionId(options.function);
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    const cold = markInvocation(id);
    if (isWarmingEvent(event)) return { batchItemFailures: [] };
    return observeInvocation(
      id,
      cold,
      async () => {
        const response = await processPartialResponse(event, (record: SQSRecord) => options.handleRecord(record, context), processor, {
          context,
        });
        for (const failure of response.batchItemFailures) {
          logger.warn('Message failed; SQS will redeliver it (then the DLQ)', { function: id, messageId: failure.itemIdentifier });
        }
        return response;
      },
      { failed: (response) => response.batchItemFailures.length > 0 },
    );
  };
}
