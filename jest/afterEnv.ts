import { stopMetrics } from '@roadcall/utils/metrics';
import { closeRedisClient } from '@roadcall/utils/redis';

// A handler under test records its request in memory and arms the metrics flusher's idle timer
// (unref'd, 10 s). Stop it when a test file ends, so it never fires after jest has torn the file
// down (it would load ioredis and flush to a Redis nobody is watching any more). Unit tests see
// the integration engines' REDIS_URL too: every worker of one jest run shares the env.
//
// A flush that came due while the file ran (10 s after its first recorded request) opened the
// shared Redis client (`redisClient()`), also in files that never use Redis themselves and so
// never close it: its socket is ref'd and outlives the file, and the worker holding it cannot
// exit ("A worker process has failed to exit gracefully"). Close it here. This hook runs after
// the file's describe-level afterAll hooks (a harness stopping its handlers) and before its
// top-level ones, which close what they opened themselves.
afterAll(async () => {
  stopMetrics();
  await closeRedisClient();
});
