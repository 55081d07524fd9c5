import { ValidationError } from '@roadcall/utils';
import { IdempotencyKeyRequiredError } from '../../src/errors';
import { createPaymentBody, revenueQuery } from '../../src/schemas';
import { idempotencyKeyFrom, requestFingerprint } from '../../src/service';

const valid = { incidentId: 'inc-1', vendorId: 'vendor-000000', amountCents: 4_500, currency: 'USD' };

describe('POST /payments body', () => {
  it('accepts integer minor units and ISO 4217 currencies', () => {
    expect(createPaymentBody.parse(valid)).toEqual(valid);
    expect(createPaymentBody.parse({ ...valid, currency: 'JPY' }).currency).toBe('JPY');
  });

  it.each([
    ['a float amount', { amountCents: 45.5 }],
    ['a zero amount', { amountCents: 0 }],
    ['a negative amount', { amountCents: -1 }],
    ['an amount as a string', { amountCents: '4500' }],
    ['an unknown currency', { currency: 'ABC' }],
    ['a lower-case currency', { currency: 'usd' }],
    ['a malformed incident id', { incidentId: 'inc 1; DROP TABLE' }],
    ['an unknown field', { tip: 1 }],
  ])('rejects %s', (_name, patch) => {
    expect(createPaymentBody.safeParse({ ...valid, ...patch }).success).toBe(false);
  });
});

describe('Idempotency-Key header', () => {
  it('is required and must be visible ASCII of at most 255 characters', () => {
    expect(idempotencyKeyFrom({ 'idempotency-key': 'key-1' })).toBe('key-1');
    for (const headers of [
      {} as Record<string, string>,
      { 'idempotency-key': '' },
      { 'idempotency-key': 'has space' },
      { 'idempotency-key': 'k'.repeat(256) },
    ]) {
      expect(() => idempotencyKeyFrom(headers)).toThrow(IdempotencyKeyRequiredError);
    }
    expect(new IdempotencyKeyRequiredError('x')).toBeInstanceOf(ValidationError);
  });
});

describe('request fingerprint', () => {
  it('is the same for the same request and differs for another', () => {
    expect(requestFingerprint(valid)).toBe(
      requestFingerprint({ currency: 'USD', amountCents: 4_500, vendorId: 'vendor-000000', incidentId: 'inc-1' }),
    );
    expect(requestFingerprint(valid)).not.toBe(requestFingerprint({ ...valid, amountCents: 4_501 }));
    expect(requestFingerprint(valid)).not.toBe(requestFingerprint({ ...valid, description: 'tow' }));
  });
});

describe('GET /analytics/revenue query', () => {
  it('needs ISO dates and defaults to daily', () => {
    expect(revenueQuery.parse({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      granularity: 'day',
    });
    expect(revenueQuery.safeParse({ from: '2026-13-01', to: '2026-01-31' }).success).toBe(false);
    expect(revenueQuery.safeParse({ from: '2026-01-01', to: '2026-01-31', granularity: 'week' }).success).toBe(false);
  });
});
