import { createJobsConsumer } from '../consumer';
import { jobRegistry } from '../runtime';

/** Consumer of the three jobs queues (high, normal, low): partial batch failures, idempotent. */
export const handler = createJobsConsumer({ registry: jobRegistry() });
