import { ForbiddenError } from '@roadcall/utils';
import { hasRole } from '@roadcall/utils/auth';
import { applyVendorChanges } from '@roadcall/vendors-svc/ports';
import { type ChangeItemResult, type ChangePatch, changePatch } from '@roadcall/vendors-svc/portTypes';
import * as z from 'zod/mini';
import { MAX_RESULT_ERRORS } from '../constants';
import type { JobProcessor } from '../registry';
import { type Key, VENDOR_KEY, vendorsTable } from '../repositories';
import type { JobItemError } from '../types';
import { BULK_CHUNK_SIZE, MAX_BULK_IDS } from './constants';

export const bulkParams = z.object({
  operation: z.literal('update_vendors'),
  /** Profile fields to set on every vendor (available, services, rating, name, phone). */
  set: changePatch,
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

/** How the processor reaches the vendors service (tests give it a failing or counting one). */
export type VendorChanger = (request: { vendorIds: string[]; patch: ChangePatch }) => Promise<ChangeItemResult[]>;

/**
 * `bulk_operation`: applies one profile change to many vendors **through the vendors service**,
 * one chunk of {@link BULK_CHUNK_SIZE} at a time: the vendors function `vendors.applyChanges`
 * (invoked synchronously) writes each vendor as its routes do (table, geo index, profile and
 * search cache purge) and answers per vendor. The job keeps what is the job's: the list of vendors
 * (the named ids, or the vendors table read page by page), progress and cancel between chunks,
 * per-item failures in the result. Resumable: the checkpoint holds the position, so a redelivered
 * message continues where the last progress write left off (re-applying at most one chunk, which is
 * harmless: the change is idempotent).
 */
export function bulkOperationProcessor(options: { chunkSize?: number; changer?: VendorChanger } = {}): JobProcessor<BulkParams> {
  const chunkSize = Math.min(options.chunkSize ?? BULK_CHUNK_SIZE, BULK_CHUNK_SIZE);
  const change = options.changer ?? applyVendorChanges;
  return {
    type: 'bulk_operation',
    description: 'A profile change applied to many vendors through the vendors service, with per-item failures.',
    params: bulkParams,
    defaultPriority: 'low',
    authorize: (auth) => {
      if (!hasRole(auth, 'admin')) throw new ForbiddenError('Only administrators may run bulk operations');
    },
    // An admin's change to many vendors: who (the actor), what (operation, fields set) and how many.
    audit: (params) => ({
      action: 'jobs.bulk',
      details: {
        operation: params.operation,
        set: Object.keys(params.set).sort(),
        vendors: params.vendorIds ? new Set(params.vendorIds).size : 'all',
      },
    }),
    run: async ({ params, checkpoint, setTotal, chunkDone }) => {
      const table = vendorsTable();
      const state = (checkpoint as BulkCheckpoint | undefined) ?? { errors: [], errorCount: 0, written: 0 };
      const errors = [...state.errors];
      let errorCount = state.errorCount;
      let written = state.written;
      const record = (failures: ReadonlyArray<JobItemError>): void => {
        errorCount += failures.length;
        for (const failure of failures) if (errors.length < MAX_RESULT_ERRORS) errors.push(failure);
      };
      const applyChunk = async (vendorIds: string[]): Promise<void> => {
        if (vendorIds.length === 0) return;
        const results = await change({ vendorIds, patch: params.set });
        written += results.filter((result) => result.ok).length;
        record(results.flatMap((result) => (result.ok ? [] : [{ item: result.vendorId, error: result.error }])));
      };
      const snapshot = (extra: Partial<BulkCheckpoint>): BulkCheckpoint => ({ errors, errorCount, written, ...extra });

      if (params.vendorIds) {
        const ids = [...new Set(params.vendorIds)];
        setTotal(ids.length);
        for (let offset = state.idOffset ?? 0; offset < ids.length; offset += chunkSize) {
          const slice = ids.slice(offset, offset + chunkSize);
          await applyChunk(slice);
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
            await applyChunk(page.items.map((item) => String(item[VENDOR_KEY])));
            scanKey = page.nextKey;
            await chunkDone(page.items.length, snapshot({ scanKey: scanKey ?? undefined }));
          } while (scanKey);
        }
      }
      const processed = written + errorCount;
      setTotal(processed);
      return {
        summary: { operation: params.operation, updated: written, failed: errorCount, fields: Object.keys(params.set).join(' ') },
        errors,
        errorCount,
      };
    },
  };
}
