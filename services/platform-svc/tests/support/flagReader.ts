/**
 * Another container: its own process, Redis connections and L1. It reads the flags once (so its
 * L1 holds the current value), says `ready`, then reads them as matching does (every round) until
 * they differ, and prints what it saw and when. The pub/sub invalidation usually makes that
 * immediate; the namespace's TTL bounds it when a message is missed. Bounded: it gives up after
 * three times the documented staleness and prints what it still saw.
 */
import { FEATURE_FLAG_MAX_STALENESS_SECONDS } from '@roadcall/contracts';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { closeRedisClient } from '@roadcall/utils/redis';
import { readFlags } from '../../src/flags';

/** How often this container reads the flags (a matching round reads them each time). */
const READ_EVERY_MS = 100;

async function main(): Promise<void> {
  const cache = getCache('featureFlags');
  await cache.ready;
  const before = await readFlags();
  process.stdout.write(`${JSON.stringify({ ready: true, before })}\n`);
  const deadline = Date.now() + 3 * FEATURE_FLAG_MAX_STALENESS_SECONDS * 1000;
  let after = before;
  while (JSON.stringify(after) === JSON.stringify(before) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, READ_EVERY_MS));
    after = await readFlags();
  }
  process.stdout.write(`${JSON.stringify({ after, seenAt: Date.now() })}\n`);
  await closeCaches();
  await closeRedisClient();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
