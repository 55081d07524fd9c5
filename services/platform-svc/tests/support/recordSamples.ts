/**
 * A separate process that records known request latencies through the real metrics module and
 * flushes them to Redis, as one Lambda container would. Input through env:
 * SAMPLES = JSON [{ route, latencyMs, statusCode }].
 */
import { flushMetrics, recordRequest, stopMetrics } from '@roadcall/utils/metrics';
import { closeRedisClient } from '@roadcall/utils/redis';
import { markInvocation } from '@roadcall/utils/warmer';

async function main(): Promise<void> {
  const samples = JSON.parse(process.env.SAMPLES ?? '[]') as Array<{ route: string; latencyMs: number; statusCode: number }>;
  for (const sample of samples) {
    recordRequest(sample.route, { latencyMs: sample.latencyMs, statusCode: sample.statusCode, cold: markInvocation(sample.route) });
  }
  await flushMetrics();
  stopMetrics();
  await closeRedisClient();
  process.stdout.write(`recorded ${samples.length}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
