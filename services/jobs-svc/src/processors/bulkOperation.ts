import { ForbiddenError } from '@roadcall/utils';
import { hasRole } from '@roadcall/utils/auth';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { batchWrite, type ItemFailure, type WriteRequest } from '@roadcall/utils/dynamo';
import { dynamoStorable } from '@roadcall/utils/schema';
import * as z from 'zod/mini';
import { MAX_RESULT_ERRORS } from '../constants';
import type { JobProcessor } from '../registry';
import { type Key, VENDOR_KEY, vendorsTable } from '../repositories';
import type { JobItemError } from '../types';
import { BATCH_GET_MAX_KEYS, DEFAULT_CHUNK_SIZE, MAX_BULK_IDS } from './constants';

const attributeName = z.string().check(
  z.regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'attribute names are letters, digits and _'),
  z.refine((name: string) => name !== VENDOR_KEY, 'the key cannot be changed'),
);

export const bulkParams = z.object({
  operation: z.literal('update_vendors'),
  /** Attributes to set on every vendor (null removes one). */
  set: z
    .record(attributeName, z.union([z.string().check(z.maxLength(1000)), z.number().check(dynamoStorable()), z.boolean(), z.null()]))
    .check(z.refine((set: Record<string, unknown>) => Object.keys(set).length > 0, 'set at least one attribute')),
  /** Vendors to update; all vendors when absent. */
  vendorIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.minLength(1), z.maxLength(MAX_BULK_IDS))),
});
export type BulkParams = z.infer<typeof bulkParams>;

/** Resume point: where the vendor scan (or the id list) continues, and the errors so far. */
interface BulkCheckpoint {
  readonly scanKey?: Key;
  readonly idOffset?: number;
  readonly errors: JobItemError[];
  readonly errorCount: number;
  readonly written: number;
}

function applySet(item: Record<string, unknown>, set: BulkParams['set'], now: string): Record<string, unknown> {
  const next: Record<string, unknown> = { ...item, updatedAt: now };
  for (const [name, value] of Object.entries(set)) {
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return next;
}

/**
 * `bulk_operation`: applies one update to many vendors, a chunk at a time: read the chunk (a scan
 * page, or BatchGetItem of the named ids), merge the update, write it back with BatchWriteItem in
 * batches of 25 (unprocessed items retried with backoff and jitter). Failures are collected per
 * item while the rest continue. Resumable: the checkpoint holds the scan position, so a redelivered
 * message continues where the last progress write left off (re-applying at most about a second of
 * chunks, which is harmless: the update is idempotent).
 *
 * BatchWriteItem only puts whole items, so an update made to a vendor between this job's read and
 * write is overwritten (last writer wins); run bulk operations when that is acceptable.
 */
export function bulkOperationProcessor(options: { chunkSize?: number } = {}): JobProcessor<BulkParams> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return {
    type: 'bulk_operation',
    description: 'An update applied to many vendors through BatchWriteItem, with per-item failures.',
    params: bulkParams,
    defaultPriority: 'low',
    authorize: (auth) => {
      if (!hasRole(auth, 'admin')) throw new ForbiddenError('Only administrators may run bulk operations');
    },
    run: async ({ params, checkpoint, setTotal, chunkDone }) => {
      const table = vendorsTable();
      const client = dynamoDocumentClient();
      const state = (checkpoint as BulkCheckpoint | undefined) ?? { errors: [], errorCount: 0, written: 0 };
      const errors = [...state.errors];
      let errorCount = state.errorCount;
      let written = state.written;
      const record = (failures: ReadonlyArray<JobItemError>): void => {
        errorCount += failures.length;
        for (const failure of failures) if (errors.length < MAX_RESULT_ERRORS) errors.push(failure);
      };
      const writeChunk = async (items: Record<string, unknown>[]): Promise<void> => {
        const now = new Date().toISOString();
        const requests: WriteRequest[] = items.map((item) => ({ PutRequest: { Item: applySet(item, params.set, now) } }));
        const result = await batchWrite(client, table.tableName, requests, { concurrency: 4 });
        written += result.written;
        record(
          result.failed.map((failure: ItemFailure<WriteRequest>) => ({
            item: String('PutRequest' in failure.item ? failure.item.PutRequest.Item[VENDOR_KEY] : ''),
            error: failure.error,
          })),
        );
      };
      const snapshot = (extra: Partial<BulkCheckpoint>): BulkCheckpoint => ({ errors, errorCount, written, ...extra });

      if (params.vendorIds) {
        const ids = [...new Set(params.vendorIds)];
        setTotal(ids.length);
        for (let offset = state.idOffset ?? 0; offset < ids.length; offset += BATCH_GET_MAX_KEYS) {
          const slice = ids.slice(offset, offset + BATCH_GET_MAX_KEYS);
          const found = await table.getMany(VENDOR_KEY, slice);
          const present = new Set(found.map((item) => String(item[VENDOR_KEY])));
          record(slice.filter((id) => !present.has(id)).map((id) => ({ item: id, error: 'Vendor not found' })));
          await writeChunk(found);
          await chunkDone(slice.length, snapshot({ idOffset: offset + slice.length }));
        }
      } else {
        setTotal(await table.approximateCount());
        let scanKey = state.scanKey;
        const started = !checkpoint;
        // A resumed run whose checkpoint had reached the end has nothing left to read.
        if (started || scanKey) {
          do {
            const page = await table.scanPage(chunkSize, scanKey);
            await writeChunk(page.items);
            scanKey = page.nextKey;
            await chunkDone(page.items.length, snapshot({ scanKey: scanKey ?? undefined }));
          } while (scanKey);
        }
      }
      const processed = written + errorCount;
      setTotal(processed);
      return {
        summary: { operation: params.operation, updated: written, failed: errorCount, attributes: Object.keys(params.set).join(' ') },
        errors,
        errorCount,
      };
    },
  };
}
