import { decorrelatedJitter, isConnectionError, isSerializationFailure, isTransientError, retryTransient } from '../../../src/db';

const pgError = (code: string): Error => Object.assign(new Error(`pg ${code}`), { code });

describe('transient error classification', () => {
  it.each(['57P01', '53300', '40001', '40P01', '08006', 'ECONNRESET', 'ECONNREFUSED'])('retries %s', (code) => {
    expect(isTransientError(pgError(code))).toBe(true);
  });

  it.each(['23505', '42P01', '22P02', '57014', '28P01'])('does not retry %s', (code) => {
    expect(isTransientError(pgError(code))).toBe(false);
  });

  it('recognises node-postgres messages without a code and dual-stack AggregateErrors', () => {
    expect(isTransientError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isTransientError(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')], 'connect failed'))).toBe(true);
    expect(isTransientError(new Error('syntax error at or near "SELEC"'))).toBe(false);
  });

  it('tells serialization failures from broken connections', () => {
    expect(isSerializationFailure(pgError('40001'))).toBe(true);
    expect(isConnectionError(pgError('40001'))).toBe(false);
    expect(isConnectionError(pgError('57P01'))).toBe(true);
    expect(isConnectionError(pgError('53300'))).toBe(false);
  });
});

describe('decorrelated jitter', () => {
  const policy = { baseMs: 25, capMs: 1_000 };

  it('stays between the base and three times the previous sleep', () => {
    expect(decorrelatedJitter(25, policy, () => 0)).toBe(25);
    expect(decorrelatedJitter(100, policy, () => 0.999_999)).toBeCloseTo(300, 0);
    expect(decorrelatedJitter(100, policy, () => 0.5)).toBeCloseTo(162.5, 5);
  });

  it('never exceeds the cap', () => {
    let sleep = policy.baseMs;
    for (let index = 0; index < 50; index++) {
      sleep = decorrelatedJitter(sleep, policy, () => 1);
      expect(sleep).toBeLessThanOrEqual(policy.capMs);
    }
    expect(sleep).toBe(policy.capMs);
  });
});

describe('retryTransient', () => {
  const policy = { budgetMs: 500, baseMs: 1, capMs: 5 };

  it('retries transient errors until the operation succeeds', async () => {
    let calls = 0;
    const outcome = await retryTransient(
      async () => {
        calls++;
        if (calls < 3) throw pgError('57P01');
        return 'ok';
      },
      { policy },
    );
    expect(outcome).toEqual({ value: 'ok', attempts: 3 });
  });

  it('rethrows a permanent error at once', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw pgError('23505');
        },
        { policy },
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });

  it('gives up when the budget is spent, keeping the last error as cause', async () => {
    const policy = { budgetMs: 100, baseMs: 10, capMs: 30 };
    let calls = 0;
    const failure = retryTransient(
      async () => {
        calls++;
        throw pgError('ECONNREFUSED');
      },
      { policy },
    );
    await expect(failure).rejects.toMatchObject({ name: 'RetryBudgetExhausted', cause: { code: 'ECONNREFUSED' } });
    // Every sleep lasts at least baseMs, so the budget bounds the attempts whatever the machine's speed.
    expect(calls).toBeLessThanOrEqual(policy.budgetMs / policy.baseMs + 1);
  });
});
