export { nextDelayMs } from './expression';
export { type ScheduledHandler, Scheduler, type SchedulerOptions, scheduledEvent } from './scheduler';
