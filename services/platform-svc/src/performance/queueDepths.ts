import type { QueueName } from '@roadcall/contracts';
import { queueUrl } from '@roadcall/utils/config';
import { countsToEmf } from '@roadcall/utils/metrics';
import { type QueueCounts, type QueueInspector, sqsInspector } from './dlq';

/** The job priority queues, highest first. */
export const JOB_PRIORITY_QUEUES: ReadonlyArray<{ readonly queue: QueueName; readonly priority: 'high' | 'normal' | 'low' }> = [
  { queue: 'jobsHigh', priority: 'high' },
  { queue: 'jobsNormal', priority: 'normal' },
  { queue: 'jobsLow', priority: 'low' },
];

/** One priority queue's depth now, and its DLQ's. */
export interface PriorityQueueDepth extends Partial<QueueCounts> {
  readonly queue: string;
  readonly priority: string;
  /** Messages waiting in the DLQ; `null` when it could not be read. */
  readonly dlq: number | null;
  readonly error?: string;
}

/**
 * The depth of each job priority queue (visible, in flight, delayed) and of its DLQ. A queue that
 * cannot be read is reported with its error, not thrown: the other figures still answer.
 *
 * @example
 * const depths = await jobQueueDepths(); // [{ queue: 'jobsHigh', priority: 'high', visible: 3, inFlight: 1, delayed: 0, dlq: 0 }, ...]
 */
export async function jobQueueDepths(inspector: QueueInspector = sqsInspector): Promise<PriorityQueueDepth[]> {
  return Promise.all(
    JOB_PRIORITY_QUEUES.map(async ({ queue, priority }): Promise<PriorityQueueDepth> => {
      try {
        const url = queueUrl(queue);
        const [counts, dlqUrl] = await Promise.all([inspector.counts(url), inspector.dlqUrl(url)]);
        return { queue, priority, ...counts, dlq: dlqUrl ? await inspector.approximateMessages(dlqUrl) : null };
      } catch (error) {
        return { queue, priority, dlq: null, error: (error as Error).message || String(error) };
      }
    }),
  );
}

/**
 * The depths as CloudWatch EMF lines (one per priority: QueueDepth, QueueInFlight, DlqDepth),
 * built by Powertools like every other metric line.
 *
 * @example
 * for (const line of queueDepthEmf(await jobQueueDepths(), { namespace: 'Roadcall', service: 'platform' })) console.log(line);
 */
export function queueDepthEmf(depths: ReadonlyArray<PriorityQueueDepth>, options: { namespace: string; service: string }): string[] {
  return countsToEmf(
    depths
      .filter((depth) => depth.visible !== undefined)
      .map((depth) => ({
        dimensions: { queue: depth.queue, priority: depth.priority },
        counts: {
          QueueDepth: depth.visible ?? 0,
          QueueInFlight: depth.inFlight ?? 0,
          ...(depth.dlq !== null ? { DlqDepth: depth.dlq } : {}),
        },
      })),
    options,
  );
}
