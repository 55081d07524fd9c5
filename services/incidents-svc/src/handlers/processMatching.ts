import { createQueueConsumer } from '@roadcall/utils/functions';
import { matchingEngine } from '../runtime';
import { parseMatchingMessage } from '../schemas';

/**
 * Consumer of the matching queue: one matching step per message, the batch's messages in parallel
 * (they are about different incidents, or stale duplicates). A failed step, or a malformed body,
 * is reported alone (partial batch response): SQS redelivers it and, past the queue's receive
 * limit, keeps it in the DLQ. Nothing is dropped.
 */
export const handler = createQueueConsumer({
  function: 'incidents.processMatching',
  handleRecord: async (record) => matchingEngine().handle(parseMatchingMessage(record.body)),
});
