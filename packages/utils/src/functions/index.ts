/**
 * The wrappers every non-HTTP function is made with (HTTP routes use `@roadcall/utils/http`):
 * queue consumers with Powertools partial batch failures, scheduled functions and deploy
 * triggers; each records its invocations, errors, latency and cold starts under its function id.
 */
export { createQueueConsumer, type QueueConsumer, type QueueConsumerOptions } from './consumer';
export { assertFunctionId } from './functionId';
export { observeInvocation } from './observe';
export { createScheduledHandler, type ScheduledHandler, type ScheduledHandlerOptions } from './scheduled';
