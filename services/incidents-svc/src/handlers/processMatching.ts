import { logger } from '@roadcall/utils/logger';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { matchingEngine } from '../runtime';
import { matchingMessageSchema } from '../schemas';

/**
 * Consumer of the matching queue: one matching step per message, the batch's messages in parallel
 * (they are about different incidents, or stale duplicates). Failures are reported per message
 * (partial batch response) so one bad step does not redeliver its neighbours; a malformed body is
 * dropped with an error log (it can never succeed, retrying it would only fill the DLQ later).
 */
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const engine = matchingEngine();
  const results = await Promise.allSettled(
    event.Records.map(async (record) => {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        body = undefined;
      }
      const message = matchingMessageSchema.safeParse(body);
      if (!message.success) {
        logger.error('Dropping a malformed matching message', { messageId: record.messageId });
        return;
      }
      await engine.handle(message.data);
    }),
  );
  const batchItemFailures = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    const record = event.Records[index];
    logger.error('Matching step failed; SQS will redeliver it', { messageId: record?.messageId, error: result.reason as Error });
    return [{ itemIdentifier: record?.messageId as string }];
  });
  return { batchItemFailures };
};
