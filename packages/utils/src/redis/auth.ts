import type Redis from 'ioredis';

/**
 * Makes a client authenticate with a token fetched asynchronously (the ElastiCache AUTH token in
 * Secrets Manager) before it connects: ioredis only takes a static password, so the client is
 * created with `lazyConnect` and its `connect` first waits for the token. Commands issued
 * meanwhile wait in ioredis's offline queue; reconnects fetch the token again (the secret cache
 * makes that free, and picks up a rotation). `duplicate()` (the cache's pub/sub connection) gets
 * the same treatment.
 */
export function authenticateWith(client: Redis, token: () => Promise<string>): Redis {
  const connect = client.connect.bind(client);
  let pending: Promise<void> | undefined;
  client.connect = (callback?: () => void): Promise<void> => {
    if (!pending) {
      // ioredis queues a command issued before connecting with `condition.select`, which its own
      // connect() sets synchronously; ours connects later, so seed the same default first.
      const internal = client as unknown as { condition?: { select: number; auth?: string; subscriber: boolean } };
      internal.condition ??= { select: client.options.db ?? 0, subscriber: false };
      pending = token()
        .then((password) => {
          client.options.password = password;
          return connect();
        })
        .finally(() => {
          pending = undefined;
        });
    }
    if (callback)
      pending.then(
        () => callback(),
        () => undefined,
      );
    return pending;
  };
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override) => authenticateWith(duplicate({ ...override, lazyConnect: true }), token);
  return client;
}
