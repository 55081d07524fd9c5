/**
 * Another container: its own process, Redis connections and L1. It reads the flags once (so its
 * L1 holds the current value), says `ready`, waits for the cache's invalidation message from the
 * container that changes the flag, reads again and prints what it saw and how long after the
 * change's announced time (FLAG_CHANGED_AT on stdin) it had the new value.
 */
import { once } from 'node:events';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { readFlags } from '../../src/flags';

async function main(): Promise<void> {
  const cache = getCache('featureFlags');
  await cache.ready;
  const before = await readFlags();
  const invalidated = once(cache.events, 'remote-invalidation');
  process.stdout.write(`${JSON.stringify({ ready: true, before })}\n`);
  await invalidated;
  const after = await readFlags();
  process.stdout.write(`${JSON.stringify({ after, seenAt: Date.now() })}\n`);
  await closeCaches();
  await closeRedisClient();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
