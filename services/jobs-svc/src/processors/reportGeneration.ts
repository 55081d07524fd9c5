import { ForbiddenError } from '@roadcall/utils';
import { hasRole } from '@roadcall/utils/auth';
import * as z from 'zod/mini';
import { type CapturedTotalsReader, type Incident, paymentTotals } from '../ports';
import type { JobProcessor } from '../registry';
import { openObjectWriter } from '../storage';
import { addIncident, emptyAggregates, type IncidentAggregates } from './aggregate';
import { DEFAULT_CHUNK_SIZE } from './constants';
import { sourceFor } from './sources';

export const reportParams = z.object({
  report: z.literal('incident_summary'),
  /** `mine` (default): the caller's incidents; `all`: every incident (admins). */
  scope: z._default(z.enum(['mine', 'all']), 'mine'),
  /** ISO dates bounding `createdAt` (inclusive). */
  from: z.optional(z.iso.date()),
  to: z.optional(z.iso.date()),
});
export type ReportParams = z.infer<typeof reportParams>;

interface ReportCheckpoint {
  readonly key?: Record<string, unknown>;
  readonly aggregates: IncidentAggregates;
}

/**
 * `report_generation`: incident aggregates (counts by status, type and day; amounts) written as a
 * JSON object to the exports bucket, the headline figures in the result summary.
 *
 * Source: the incidents table in DynamoDB (the owner's incidents through the byDriver index, or
 * all of them for admins), read as the incidents service types them; `amountTotal` is the sum of
 * the captured payments (cents) of the incidents in range, which the payments service totals per
 * page (one statement). Resumable: the checkpoint holds the read position and the aggregates so far.
 */
export function reportGenerationProcessor(
  options: { chunkSize?: number; capturedTotals?: CapturedTotalsReader } = {},
): JobProcessor<ReportParams> {
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const capturedTotals = options.capturedTotals ?? paymentTotals;
  return {
    type: 'report_generation',
    description: 'Incident aggregates (by status, type, day) as a JSON report.',
    params: reportParams,
    defaultPriority: 'normal',
    authorize: (auth, params) => {
      if (params.scope === 'all' && !hasRole(auth, 'admin')) throw new ForbiddenError('Only administrators may report on all incidents');
    },
    run: async ({ job, params, checkpoint, setTotal, chunkDone }) => {
      const source = sourceFor('incidents', params.scope, job);
      setTotal(await source.estimateTotal());
      const saved = checkpoint as ReportCheckpoint | undefined;
      const aggregates = saved?.aggregates ?? emptyAggregates();
      let key = saved?.key;
      let read = 0;
      if (!saved || key) {
        do {
          const page = await source.page(chunkSize, key);
          const inRange = (page.items as ReadonlyArray<unknown> as ReadonlyArray<Incident>).filter((incident) => {
            const day = incident.createdAt.slice(0, 10);
            return (!params.from || day >= params.from) && (!params.to || day <= params.to);
          });
          const totals = await capturedTotals(inRange.map((incident) => incident.incidentId));
          for (const incident of inRange) addIncident(aggregates, incident, totals.get(incident.incidentId) ?? 0);
          read += page.items.length;
          key = page.nextKey;
          await chunkDone(page.items.length, { key, aggregates } satisfies ReportCheckpoint);
        } while (key);
      }
      const objectKey = `reports/${job.userId}/${job.jobId}.json`;
      const writer = await openObjectWriter(objectKey, 'application/json');
      await writer.write(
        JSON.stringify(
          {
            report: params.report,
            scope: params.scope,
            from: params.from,
            to: params.to,
            generatedAt: new Date().toISOString(),
            source: 'dynamodb:incidents+postgres:payments',
            ...aggregates,
          },
          null,
          2,
        ),
      );
      await writer.close();
      setTotal((job.processedItems ?? 0) + read);
      return {
        objectKey,
        summary: {
          incidents: aggregates.total,
          statuses: Object.keys(aggregates.byStatus).length,
          days: Object.keys(aggregates.byDay).length,
          amountTotal: aggregates.amountTotal,
          source: 'dynamodb:incidents+postgres:payments',
        },
      };
    },
  };
}
