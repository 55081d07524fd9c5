import { stopMetrics } from '@roadcall/utils/metrics';

// A handler under test records its request in memory and arms the metrics flusher's idle timer
// (unref'd, 10 s). Stop it when a test file ends, so it never fires after jest has torn the file
// down (it would load ioredis and flush to a Redis nobody is watching any more). Unit tests see
// the integration engines' REDIS_URL too: every worker of one jest run shares the env.
afterAll(() => stopMetrics());
