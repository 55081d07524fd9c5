export { nextDelayMs } from './expression';
export { type ScheduledHandler, type ScheduleLike, Scheduler, type SchedulerOptions, scheduledEvent } from './scheduler';
