import { createJobsConsumer } from '../consumer';
import { registry } from '../processors';

/** Consumer of the three jobs queues (high, normal, low): partial batch failures, idempotent. */
export const handler = createJobsConsumer({ registry });
