import { ENV } from '@roadcall/contracts';
import { closeRedisClient } from '@roadcall/utils/redis';
import { incidentService } from '../../src/runtime';

describe('incidents runtime', () => {
  const previous = process.env[ENV.redisUrl];
  afterAll(async () => {
    if (previous === undefined) delete process.env[ENV.redisUrl];
    else process.env[ENV.redisUrl] = previous;
    await closeRedisClient();
  });

  it('builds the service without Redis: incidents.create, .get and .list declare none (no REDIS_URL in AWS)', () => {
    delete process.env[ENV.redisUrl];
    expect(() => incidentService()).not.toThrow();
  });
});
