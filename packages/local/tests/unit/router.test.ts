import type { RouteContract } from '@roadcall/contracts';
import { Router } from '../../src/api/router';
import { nextDelayMs } from '../../src/scheduler/expression';

const route = (method: RouteContract['method'], path: string): RouteContract => ({
  id: `platform.${method}${path}`,
  method,
  path,
  summary: '',
  service: 'platform',
  handler: 'x',
  auth: 'public',
});

describe('Router', () => {
  const router = new Router([
    route('GET', '/vendors/{id}'),
    route('DELETE', '/vendors/{id}'),
    route('GET', '/vendors/search'),
    route('GET', '/files/{key+}'),
  ]);

  it('prefers static segments over parameters', () => {
    expect(router.match('GET', '/vendors/search')).toMatchObject({
      kind: 'match',
      match: { route: { path: '/vendors/search' }, pathParameters: null },
    });
    expect(router.match('GET', '/vendors/v-1')).toMatchObject({ kind: 'match', match: { pathParameters: { id: 'v-1' } } });
  });

  it('decodes parameters and supports greedy {proxy+}', () => {
    expect(router.match('GET', '/files/a/b%20c')).toMatchObject({ kind: 'match', match: { pathParameters: { key: 'a/b c' } } });
  });

  it('answers 405 with the resource own methods, 404 for unknown paths', () => {
    expect(router.match('POST', '/vendors/v-1')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'DELETE'] });
    expect(router.match('DELETE', '/vendors/search')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
    expect(router.match('GET', '/nope')).toEqual({ kind: 'not-found' });
  });
});

describe('nextDelayMs', () => {
  const now = new Date('2026-01-01T10:17:30Z');
  it('reads EventBridge rate expressions', () => {
    expect(nextDelayMs('rate(5 minutes)', now)).toBe(300_000);
    expect(nextDelayMs('rate(1 hour)', now)).toBe(3_600_000);
  });
  it('reads six-field EventBridge cron expressions in UTC', () => {
    expect(nextDelayMs('cron(0 * * * ? *)', now)).toBe(42.5 * 60_000);
    expect(nextDelayMs('cron(0 3 * * ? *)', now)).toBe((16 * 60 + 42.5) * 60_000);
  });
  it('rejects anything else', () => {
    expect(() => nextDelayMs('every 5 minutes', now)).toThrow(/Not an EventBridge schedule expression/);
    expect(() => nextDelayMs('rate(5 fortnights)', now)).toThrow(/Unsupported rate unit/);
  });
});
