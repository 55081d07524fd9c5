export { type QueueBinding, QueuePoller, type QueuePollerOptions } from './poller';
export { toSqsEvent } from './sqsEvent';
