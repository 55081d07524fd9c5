import { ForbiddenError } from '@roadcall/utils';
import { hasRole } from '@roadcall/utils/auth';
import type { JobProcessor } from '@roadcall/utils/jobs';
import * as z from 'zod/mini';
import { columnsOf, csvRow } from '../csv';
import { openObjectWriter } from '../storage';
import { DEFAULT_CHUNK_SIZE } from './constants';
import { needsAdmin, sourceFor } from './sources';

export const exportParams = z
  .object({
    source: z.enum(['incidents', 'vendors']),
    /**
     * Incidents: `mine` (default), the caller's; `all`, the whole table (admins). Vendors are not
     * anyone's: a vendors export is always the whole table (`all`, the default; `mine` is refused).
     */
    scope: z.optional(z.enum(['mine', 'all'])),
    /** Columns to write, in order; default: the key, then every attribute of the first page. */
    columns: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.minLength(1), z.maxLength(100))),
  })
  .check(
    z.refine((params) => !(params.source === 'vendors' && params.scope === 'mine'), {
      message: 'a vendors export covers the whole table: leave scope out or set "all"',
      path: ['scope'],
    }),
  );
export type ExportParams = z.infer<typeof exportParams>;

/** The scope an export reads: the one asked for, else `all` for vendors and `mine` for incidents. */
export function exportScope(params: Pick<ExportParams, 'source' | 'scope'>): 'mine' | 'all' {
  return params.scope ?? (params.source === 'vendors' ? 'all' : 'mine');
}

/**
 * `export`: a user's incidents (or, for admins, all incidents or vendors) as CSV, streamed to the
 * exports bucket page by page while the next page is read; the result carries the object key
 * (the API and the email sign a download URL from it).
 *
 * Not resumable: a redelivered export starts over and overwrites the same object (it only reads,
 * so a rerun is harmless); the displayed progress holds until the rerun passes it.
 */
export function exportProcessor(options: { chunkSize?: number } = {}): JobProcessor<ExportParams> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return {
    type: 'export',
    description: 'CSV export of incidents or vendors to S3, with a presigned download link.',
    params: exportParams,
    defaultPriority: 'normal',
    authorize: (auth, params) => {
      if (needsAdmin(params.source, exportScope(params)) && !hasRole(auth, 'admin'))
        throw new ForbiddenError('Only administrators may export this data');
    },
    run: async ({ job, params, setTotal, chunkDone }) => {
      const scope = exportScope(params);
      const source = sourceFor(params.source, scope, job);
      setTotal(await source.estimateTotal());
      const objectKey = `exports/${job.userId}/${job.jobId}.csv`;
      const writer = await openObjectWriter(objectKey, 'text/csv; charset=utf-8');
      let columns = params.columns;
      let rows = 0;
      try {
        let page = await source.page(chunkSize);
        for (;;) {
          // Read ahead: the next page loads while this one is encoded and uploaded.
          const next = page.nextKey ? source.page(chunkSize, page.nextKey) : undefined;
          next?.catch(() => undefined);
          if (!columns) {
            columns = columnsOf(page.items, source.keyName);
            await writer.write(csvRow(columns));
          }
          const cols = columns;
          let text = '';
          for (const item of page.items) text += csvRow(cols.map((column) => item[column]));
          await writer.write(text);
          rows += page.items.length;
          await chunkDone(page.items.length);
          if (!next) break;
          page = await next;
        }
        if (!columns) await writer.write(csvRow(params.columns ?? [source.keyName]));
        await writer.close();
      } catch (error) {
        // Cancelled, taken over or failed: discard the parts; a retry writes the object anew.
        await writer.abort();
        throw error;
      }
      setTotal(rows);
      return { objectKey, summary: { rows, bytes: writer.bytes, source: params.source, scope } };
    },
  };
}
