import { ENV, REDIS_KEYSPACES } from '@roadcall/contracts';
import { audienceKey, eventsKeyPrefix } from '../../src/events/keys';

describe('live events keys', () => {
  const saved = { stage: process.env[ENV.stage], prefix: process.env[ENV.eventsKeyPrefix] };
  afterEach(() => {
    for (const [name, value] of [
      [ENV.stage, saved.stage],
      [ENV.eventsKeyPrefix, saved.prefix],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('live under rc:<stage>: like every keyspace, with the prefix of its contract', () => {
    process.env[ENV.stage] = 'dev';
    delete process.env[ENV.eventsKeyPrefix];
    expect(eventsKeyPrefix()).toBe(`rc:dev:${REDIS_KEYSPACES.liveEvents.prefix}`);
    expect(audienceKey({ user: 'u-1' })).toBe('rc:dev:events:user:u-1');
    expect(audienceKey('admins')).toBe('rc:dev:events:admins');
  });

  it('take EVENTS_KEY_PREFIX as the whole prefix (a test run of its own)', () => {
    process.env[ENV.eventsKeyPrefix] = 'test:events:abc';
    expect(audienceKey('admins')).toBe('test:events:abc:admins');
  });
});
