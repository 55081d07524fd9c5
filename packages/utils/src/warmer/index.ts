/**
 * Warm functions: the wrapper's warming short-circuit (`isWarmingEvent`, `warmingResult`),
 * cold-start tracking, and the warmer's fan-out through a narrow {@link FunctionInvoker}.
 */
export { containerUptimeMs, markInvocation } from './coldStart';
export { WarmInvocationError, WarmTargetNotConfiguredError } from './errors';
export { isWarmingEvent, MAX_WARM_HOLD_MS, WARMER_EVENT_SOURCE, type WarmingEvent, type WarmingResult, warmingResult } from './event';
export { DEFAULT_WARM_HOLD_MS, type FunctionWarmReport, type WarmReport, warmFunctions } from './fanOut';
export { type FunctionInvoker, installedWarmerInvoker, setWarmerInvoker } from './invoker';
export { lambdaInvoker } from './lambdaInvoker';
export { initialisedAheadOfTraffic, type PrimeKind, primeFor, registerPrimer } from './prime';
