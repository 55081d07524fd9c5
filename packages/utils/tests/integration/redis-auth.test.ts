import { type SpawnedRedis, spawnRedisServer } from '@roadcall/local';
import Redis from 'ioredis';
import { authenticateWith } from '../../src/redis';

/** AUTH with a token fetched asynchronously, against a real redis-server that requires it. */
let server: SpawnedRedis;
const password = 'p4ss-word-for-test';

beforeAll(async () => {
  server = await spawnRedisServer({ requirePass: password });
});
afterAll(() => server.stop());

it('refuses commands without the token (the server really requires AUTH)', async () => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await expect(client.ping()).rejects.toThrow(/NOAUTH/);
  client.disconnect();
});

it('fetches the token once before the first connection, for the client and its duplicates', async () => {
  const token = jest.fn(async () => password);
  const client = authenticateWith(new Redis(server.url, { lazyConnect: true }), token);
  const subscriber = client.duplicate();
  await expect(client.ping()).resolves.toBe('PONG');
  await expect(subscriber.subscribe('roadcall-test-channel')).resolves.toBe(1);
  await client.set('roadcall-test:auth', 'ok', 'EX', 10);
  expect(await client.get('roadcall-test:auth')).toBe('ok');
  expect(token).toHaveBeenCalledTimes(2); // once per connection, never per command
  client.disconnect();
  subscriber.disconnect();
});

it('retries the token fetch on the next connect after a failure', async () => {
  let calls = 0;
  const client = authenticateWith(new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 0 }), async () => {
    calls += 1;
    if (calls === 1) throw new Error('secrets manager throttled');
    return password;
  });
  client.on('error', () => undefined);
  await expect(client.connect()).rejects.toThrow(/throttled/);
  await client.connect();
  await expect(client.ping()).resolves.toBe('PONG');
  client.disconnect();
});
