import { backoffDelay, batchWrite, settleInBatches, type WriteRequest } from '../../src/dynamo';

/** A BatchWriteItem stand-in: DynamoDB Local engines never return UnprocessedItems on demand. */
function fakeClient(script: (requests: WriteRequest[], call: number) => WriteRequest[] | Error) {
  const calls: number[] = [];
  return {
    calls,
    send: async (command: { input: { RequestItems: Record<string, WriteRequest[]> } }) => {
      const requests = command.input.RequestItems.t as WriteRequest[];
      calls.push(requests.length);
      const outcome = script(requests, calls.length);
      if (outcome instanceof Error) throw outcome;
      return { UnprocessedItems: outcome.length ? { t: outcome } : {} };
    },
  };
}

const puts = (count: number): WriteRequest[] =>
  Array.from({ length: count }, (_, index) => ({ PutRequest: { Item: { id: `i${index}` } } }));

describe('backoffDelay', () => {
  it('grows exponentially under a cap, with full jitter', () => {
    expect(backoffDelay(0, { baseMs: 100, random: () => 0.999 })).toBe(99);
    expect(backoffDelay(3, { baseMs: 100, random: () => 0.999 })).toBe(799);
    expect(backoffDelay(20, { baseMs: 100, capMs: 1000, random: () => 0.5 })).toBe(500);
    expect(backoffDelay(4, { baseMs: 100, random: () => 0 })).toBe(0);
  });
});

describe('batchWrite', () => {
  it('splits into batches of 25', async () => {
    const client = fakeClient(() => []);
    const result = await batchWrite(client as never, 't', puts(60));
    expect(client.calls).toEqual([25, 25, 10]);
    expect(result).toMatchObject({ written: 60, failed: [], calls: 3 });
  });

  it('retries unprocessed items until they are written', async () => {
    const client = fakeClient((requests, call) => (call === 1 ? requests.slice(0, 7) : call === 2 ? requests.slice(0, 2) : []));
    const result = await batchWrite(client as never, 't', puts(25), { baseMs: 1 });
    expect(client.calls).toEqual([25, 7, 2]);
    expect(result.written).toBe(25);
  });

  it('reports items still unprocessed after the last attempt, and a rejected batch, per item while other batches continue', async () => {
    const client = fakeClient((requests, call) => {
      if (call === 1) return new Error('ValidationException: item too large');
      return requests.slice(0, 1); // one item never goes through
    });
    const result = await batchWrite(client as never, 't', puts(30), { baseMs: 1, maxAttempts: 3 });
    expect(result.failed).toHaveLength(25 + 1);
    expect(result.failed[0]?.error).toContain('item too large');
    expect(result.failed[25]?.error).toContain('unprocessed after 3 attempts');
    expect(result.written).toBe(4);
  });
});

describe('settleInBatches', () => {
  it('collects per-item failures and keeps going', async () => {
    const seen: number[][] = [];
    const result = await settleInBatches([1, 2, 3, 4, 5, 6, 7], 3, async (batch, index) => {
      seen.push([...batch]);
      if (index === 1) throw new Error('boom');
      return batch.filter((n) => n === 7).map((item) => ({ item, error: 'odd one' }));
    });
    expect(seen).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(result.succeeded).toBe(3);
    expect(result.failed.map((f) => [f.item, f.error])).toEqual([
      [4, 'boom'],
      [5, 'boom'],
      [6, 'boom'],
      [7, 'odd one'],
    ]);
  });
});
