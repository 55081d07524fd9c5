import { defineTemplate, renderTemplate } from '@roadcall/utils/notify';
import { JobCancelledError, LeaseLostError } from '../../src/errors';
import { ProgressTracker } from '../../src/progress';
import { percent, progressPercent } from '../../src/store';
import type { JobRecord } from '../../src/types';

function fakeStore(status: JobRecord['status'] = 'processing', leaseId = 'lease') {
  const writes: Array<{ processedItems: number; progress?: number; checkpoint?: unknown }> = [];
  let reads = 0;
  const state = { status, leaseId };
  return {
    writes,
    state,
    get reads() {
      return reads;
    },
    writeProgress: async (_jobId: string, lease: string, update: { processedItems: number; progress?: number; checkpoint?: unknown }) => {
      if (state.status !== 'processing' || state.leaseId !== lease) return false;
      writes.push(update);
      return true;
    },
    get: async () => {
      reads++;
      return { status: state.status, leaseId: state.leaseId } as JobRecord;
    },
  };
}

describe('ProgressTracker', () => {
  it('writes at most once per interval and checks for a cancel on the other chunks', async () => {
    let now = 0;
    const store = fakeStore();
    const tracker = new ProgressTracker({
      store,
      jobId: 'j',
      leaseId: 'lease',
      startAt: 0,
      floor: 0,
      total: 1000,
      intervalMs: 1000,
      now: () => now,
    });
    for (let chunk = 0; chunk < 10; chunk++) {
      await tracker.chunkDone(100, { at: chunk });
      now += 250;
    }
    // t=0, 1000, 2000 -> 3 writes for 10 chunks in 2.5 s; the other 7 chunks read the status.
    expect(store.writes.map((w) => w.processedItems)).toEqual([100, 500, 900]);
    expect(store.reads).toBe(7);
    expect(tracker.writes).toBe(3);
  });

  it('throws JobCancelledError at the next chunk after a cancel, LeaseLostError when another worker took over', async () => {
    const store = fakeStore();
    const tracker = new ProgressTracker({ store, jobId: 'j', leaseId: 'lease', startAt: 0, floor: 0, intervalMs: 10_000, now: () => 0 });
    await tracker.chunkDone(1, undefined);
    store.state.status = 'cancelled';
    await expect(tracker.chunkDone(1, undefined)).rejects.toBeInstanceOf(JobCancelledError);
    store.state.status = 'processing';
    store.state.leaseId = 'other';
    await expect(tracker.chunkDone(1, undefined)).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('does not write below what the record already shows (a restarted run)', async () => {
    const store = fakeStore();
    const tracker = new ProgressTracker({ store, jobId: 'j', leaseId: 'lease', startAt: 0, floor: 250, intervalMs: 0, now: () => 0 });
    await tracker.chunkDone(100, undefined);
    await tracker.chunkDone(100, undefined);
    await tracker.chunkDone(100, undefined);
    expect(store.writes.map((w) => w.processedItems)).toEqual([300]);
  });

  it('percent stays below 100 until the job completes', () => {
    expect(percent(0, 10)).toBe(0);
    expect(percent(5, 10)).toBe(50);
    expect(percent(10, 10)).toBe(99);
    expect(percent(20, 10)).toBe(99);
    expect(percent(5, undefined)).toBe(0);
  });

  it("progressPercent: the count while the total holds, else the processor's fraction; 99 at most", () => {
    expect(progressPercent(50, 100, undefined)).toBe(50);
    // No total (ItemCount 0): the fraction of work finished.
    expect(progressPercent(500, 0, 0.25)).toBe(25);
    expect(progressPercent(500, undefined, 0.25)).toBe(25);
    // A total that turned out too small: the fraction, not a jump to 99.
    expect(progressPercent(500, 100, 0.3)).toBe(30);
    // Both apply: the higher (the fraction only counts finished work).
    expect(progressPercent(10, 100, 0.4)).toBe(40);
    expect(progressPercent(60, 100, 0.4)).toBe(60);
    expect(progressPercent(500, 0, 1)).toBe(99);
  });

  it('writes the fraction-based percentage, also for a chunk with no items, and never a lower one', async () => {
    const store = fakeStore();
    const tracker = new ProgressTracker({
      store,
      jobId: 'j',
      leaseId: 'lease',
      startAt: 0,
      floor: 0,
      total: 0,
      intervalMs: 0,
      now: () => 0,
    });
    tracker.setFractionDone(0.05);
    await tracker.chunkDone(0, undefined); // an empty first segment still moves the bar
    tracker.setFractionDone(0.5);
    await tracker.chunkDone(40, undefined);
    tracker.setFractionDone(0.25); // never decreases
    await tracker.chunkDone(10, undefined);
    tracker.setFractionDone(1);
    await tracker.chunkDone(10, undefined);
    expect(store.writes.map((w) => [w.processedItems, w.progress])).toEqual([
      [0, 5],
      [40, 50],
      [50, 50],
      [60, 99],
    ]);
  });

  it('a restarted run never shows less than the record did', async () => {
    const store = fakeStore();
    const tracker = new ProgressTracker({
      store,
      jobId: 'j',
      leaseId: 'lease',
      startAt: 0,
      floor: 100,
      progressFloor: 40,
      total: 0,
      intervalMs: 0,
      now: () => 0,
    });
    tracker.setFractionDone(0.1);
    await tracker.chunkDone(150, undefined);
    expect(store.writes.map((w) => [w.processedItems, w.progress])).toEqual([[150, 40]]);
  });
});

describe('email templates', () => {
  it('escapes values in HTML and keeps them verbatim in text', () => {
    const template = defineTemplate<{ error: string }>({
      subject: 'Failed: {{error}}',
      html: '<p>{{error}}</p>',
      text: 'Error: {{error}}',
    });
    const email = renderTemplate(template, { error: '<script>x</script>\n"&"' });
    expect(email.html).toBe('<p>&lt;script&gt;x&lt;/script&gt;\n&quot;&amp;&quot;</p>');
    expect(email.text).toBe('Error: <script>x</script>\n"&"');
    expect(email.subject).toBe('Failed: <script>x</script> "&"');
  });
});
