import type { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentSdk } from '../aws';
import { type BackoffOptions, backoffDelay, sleep } from './backoff';
import { BATCH_WRITE_MAX_ATTEMPTS, BATCH_WRITE_MAX_ITEMS } from './constants';
import { type ItemFailure, settleInBatches } from './settle';

/** A put or a delete, as BatchWriteItem takes them (document client shapes). */
export type WriteRequest =
  | { readonly PutRequest: { readonly Item: Record<string, unknown> } }
  | { readonly DeleteRequest: { readonly Key: Record<string, unknown> } };

/** The narrow client a batch writer needs: something that sends BatchWriteCommand. */
export interface BatchWriteClient {
  send(command: BatchWriteCommand): Promise<{ UnprocessedItems?: Record<string, ReadonlyArray<unknown>> }>;
}

export interface BatchWriteOptions extends BackoffOptions {
  /** Attempts per batch of 25 before its leftovers count as failed. */
  readonly maxAttempts?: number;
  /** Batches of 25 in flight at once. */
  readonly concurrency?: number;
}

export interface BatchWriteResult {
  readonly written: number;
  readonly failed: ReadonlyArray<ItemFailure<WriteRequest>>;
  /** BatchWriteItem calls made (first attempts and retries). */
  readonly calls: number;
}

/**
 * Writes any number of puts/deletes with BatchWriteItem in batches of 25. Items DynamoDB returns
 * as unprocessed (throttling, partition limits) are retried with exponential backoff and full
 * jitter; what is still unprocessed after `maxAttempts`, or belongs to a batch the service
 * rejected outright, is reported per item while the other batches continue.
 *
 * @example
 * const { written, failed } = await batchWrite(dynamoDocumentClient(), tableName('vendors'),
 *   vendors.map((Item) => ({ PutRequest: { Item } })));
 */
export async function batchWrite(
  client: BatchWriteClient | DynamoDBDocumentClient,
  table: string,
  requests: ReadonlyArray<WriteRequest>,
  options: BatchWriteOptions = {},
): Promise<BatchWriteResult> {
  const maxAttempts = options.maxAttempts ?? BATCH_WRITE_MAX_ATTEMPTS;
  let calls = 0;
  const settled = await settleInBatches(
    requests,
    BATCH_WRITE_MAX_ITEMS,
    async (batch) => {
      let pending: ReadonlyArray<WriteRequest> = batch;
      for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
        if (attempt > 0) await sleep(backoffDelay(attempt - 1, options));
        calls++;
        const output = await (client as BatchWriteClient).send(
          new (documentSdk().BatchWriteCommand)({ RequestItems: { [table]: pending as WriteRequest[] } } as ConstructorParameters<
            typeof BatchWriteCommand
          >[0]),
        );
        pending = (output.UnprocessedItems?.[table] ?? []) as ReadonlyArray<WriteRequest>;
      }
      return pending.map((item) => ({ item, error: `Still unprocessed after ${maxAttempts} attempts` }));
    },
    { concurrency: options.concurrency ?? 1 },
  );
  return { written: settled.succeeded, failed: settled.failed, calls };
}
