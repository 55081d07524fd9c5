import type { JobRecord } from '../../src/types';
import { toJobView } from '../../src/view';

const record: JobRecord = {
  jobId: 'job-1',
  userId: 'user-1',
  userEmail: 'driver@example.com',
  type: 'export',
  priority: 'normal',
  status: 'completed',
  progress: 100,
  totalItems: 3,
  processedItems: 3,
  params: { source: 'incidents' },
  metadata: { ticket: 'T-1' },
  result: { objectKey: 'exports/user-1/job-1.csv', summary: { rows: 3 } },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:05.000Z',
  startedAt: '2026-01-01T00:00:01.000Z',
  completedAt: '2026-01-01T00:00:05.000Z',
  expiresAt: 1_770_000_000,
  leaseId: 'lease-1',
  attempts: 2,
  checkpoint: { lastKey: 'x' },
  progressWrites: 4,
  email: { status: 'sent', at: '2026-01-01T00:00:06.000Z' },
};

describe('toJobView', () => {
  it('shows the public fields and none of the bookkeeping (lease, attempts, checkpoint, progress writes)', () => {
    const view = toJobView(record, 'https://example.com/signed');
    expect(Object.keys(view).sort()).toEqual(
      [
        'completedAt',
        'createdAt',
        'email',
        'expiresAt',
        'jobId',
        'metadata',
        'params',
        'priority',
        'processedItems',
        'progress',
        'result',
        'startedAt',
        'status',
        'totalItems',
        'type',
        'updatedAt',
        'userEmail',
        'userId',
      ].sort(),
    );
    expect(view.result).toEqual({ ...record.result, downloadUrl: 'https://example.com/signed' });
    expect(view.expiresAt).toBe(new Date(1_770_000_000 * 1000).toISOString());
  });

  it('drops a field added to the record later unless it is published on purpose', () => {
    const view = toJobView({ ...record, internalNext: 'secret' } as JobRecord & { internalNext: string });
    expect(view).not.toHaveProperty('internalNext');
    expect(view.result).toEqual(record.result);
  });
});
