import { ForbiddenError } from '@roadcall/utils';
import { hasRole } from '@roadcall/utils/auth';
import * as z from 'zod/mini';
import { columnsOf, csvRow } from '../csv';
import type { JobProcessor } from '../registry';
import type { Key } from '../repositories';
import { openObjectWriter } from '../storage';
import { DEFAULT_CHUNK_SIZE, EXPORT_SCAN_SEGMENTS } from './constants';
import { needsAdmin, type PagedSource, sourceFor } from './sources';

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
 * Progress: a whole-table export reads the segments of a parallel Scan one after the other, so
 * without a usable size estimate (DynamoDB's ItemCount is 0 on a fresh table, and in dynalite)
 * it shows the finished segments' share; an index query (a driver's own incidents) is counted
 * exactly beforehand.
 *
 * Not resumable: a redelivered export starts over and overwrites the same object (it only reads,
 * so a rerun is harmless); the displayed progress holds until the rerun passes it.
 */
export function exportProcessor(options: { chunkSize?: number; segments?: number } = {}): JobProcessor<ExportParams> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const segments = options.segments ?? EXPORT_SCAN_SEGMENTS;
  return {
    type: 'export',
    description: 'CSV export of incidents or vendors to S3, with a presigned download link.',
    params: exportParams,
    defaultPriority: 'normal',
    authorize: (auth, params) => {
      if (needsAdmin(params.source, exportScope(params)) && !hasRole(auth, 'admin'))
        throw new ForbiddenError('Only administrators may export this data');
    },
    run: async ({ job, params, setTotal, setFractionDone, chunkDone }) => {
      const scope = exportScope(params);
      const source = sourceFor(params.source, scope, job);
      setTotal(await source.estimateTotal());
      const objectKey = `exports/${job.userId}/${job.jobId}.csv`;
      const writer = await openObjectWriter(objectKey, 'text/csv; charset=utf-8');
      let columns = params.columns;
      let rows = 0;
      try {
        let page = await readPages(source, chunkSize, segments);
        for (;;) {
          // Read ahead: the next page loads while this one is encoded and uploaded.
          const next = page.next?.();
          next?.catch(() => undefined);
          // The first page with items names the columns (a scan segment may be empty).
          if (!columns && page.items.length > 0) {
            columns = columnsOf(page.items, source.keyName);
            await writer.write(csvRow(columns));
          }
          if (columns) {
            const cols = columns;
            let text = '';
            for (const item of page.items) text += csvRow(cols.map((column) => item[column]));
            await writer.write(text);
          }
          rows += page.items.length;
          if (page.fractionDone !== undefined) setFractionDone(page.fractionDone);
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

/** A page of the export's read, how much of the read is finished after it, and how to get the next. */
interface ReadStep {
  readonly items: Record<string, unknown>[];
  /** Finished scan segments / segments after this page (whole-table sources only). */
  readonly fractionDone?: number;
  readonly next?: () => Promise<ReadStep>;
}

/**
 * The first page of a source's read. A whole-table source is read segment by segment (parallel
 * Scan's Segment / TotalSegments, one at a time), which gives a measure of progress that needs no
 * item count; any other source page by page.
 */
function readPages(source: PagedSource, limit: number, segments: number): Promise<ReadStep> {
  const segmentPage = source.segmentPage;
  if (!segmentPage || segments < 2) {
    const plain = async (key?: Key): Promise<ReadStep> => {
      const page = await source.page(limit, key);
      const nextKey = page.nextKey;
      return { items: page.items, next: nextKey ? () => plain(nextKey) : undefined };
    };
    return plain();
  }
  const segmented = async (segment: number, key?: Key): Promise<ReadStep> => {
    const page = await segmentPage({ segment, totalSegments: segments }, limit, key);
    const nextKey = page.nextKey;
    if (nextKey) return { items: page.items, fractionDone: segment / segments, next: () => segmented(segment, nextKey) };
    const finished = segment + 1;
    return { items: page.items, fractionDone: finished / segments, next: finished < segments ? () => segmented(finished) : undefined };
  };
  return segmented(0);
}
