/**
 * Feature flags: the platform service's narrow interface (`@roadcall/platform-svc/flags`).
 * Services read with `readFlags()`; only the platform's admin routes write.
 */
export { checkFlagValue, deleteFlag, type FlagSet, type FlagView, flagSpec, listFlags, readFlags, setFlag } from './flags';
export type { FlagValue } from './store';
