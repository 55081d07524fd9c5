export { containerUptimeMs, markInvocation } from './coldStart';
export { isWarmingEvent, WARMER_EVENT_SOURCE, type WarmingEvent, type WarmingResult } from './event';
