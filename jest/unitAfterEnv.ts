import { stopMetrics } from '@roadcall/utils/metrics';

// Unit tests do no I/O. A handler under test records its request in memory and arms the metrics
// flusher's idle timer; without this, that timer could fire after the file ends and flush to a
// Redis (the integration engines' REDIS_URL reaches every worker of the same jest run).
afterAll(() => stopMetrics());
