import { randomUUID } from 'node:crypto';
import { cleanPrefix, newRedis } from './fixtures/cacheTestKit';

/**
 * The Redis client and the cluster-safe helpers on the test Redis: one server in the integration
 * project, a 3-master Cluster in integration-cluster, where keys of one call land on every node.
 */
const prefix = `test:cmds:${randomUUID()}`;
const redis = newRedis();
/** Enough keys that, on a Cluster, every master holds some. */
const keys = Array.from({ length: 24 }, (_, index) => `${prefix}:k${index}`);

afterAll(async () => {
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

it('reads XINFO STREAM of streams on every node at once, among other commands', async () => {
  // A command whose key follows a subcommand, sent together with plain keyed ones (the events
  // channel's resume does this): each answers for its own stream.
  for (const [index, key] of keys.entries()) await redis.xadd(key, '*', 'n', String(index));
  const answers = await Promise.all(
    keys.flatMap((key) => [
      redis.xinfo('STREAM', key) as Promise<unknown[]>,
      redis.xrange(key, '-', '+').then((entries) => entries.length),
    ]),
  );
  for (let index = 0; index < keys.length; index++) {
    const info = answers[2 * index] as unknown[];
    expect(info[info.indexOf('length') + 1]).toBe(1);
    expect(answers[2 * index + 1]).toBe(1);
  }
});
