import { FEATURE_FLAGS, type FeatureFlagName, type FeatureFlagSpec } from '@roadcall/contracts';
import { NotFoundError, ValidationError } from '@roadcall/utils';
import { getCache } from '@roadcall/utils/cache';
import { recordAdminAction } from '../audit/log';
import { FLAGS_CACHE_KEY } from './constants';
import { type FlagValue, flagStore, type StoredFlag } from './store';

/** The set flags by name; unset ones are absent (their readers use their own defaults). */
export type FlagSet = Partial<Record<FeatureFlagName, FlagValue>>;

/** A flag as the admin routes show it. */
export interface FlagView extends FeatureFlagSpec {
  readonly name: FeatureFlagName;
  readonly set: boolean;
  readonly value: FlagValue | null;
  readonly updatedAt?: string;
  readonly updatedBy?: string;
}

const isFlagName = (name: string): name is FeatureFlagName => Object.hasOwn(FEATURE_FLAGS, name);

/** The catalog entry of `name`, or a 404 naming the known flags. */
export function flagSpec(name: string): FeatureFlagSpec & { readonly name: FeatureFlagName } {
  if (!isFlagName(name)) throw new NotFoundError(`No feature flag "${name}"`, { details: { known: Object.keys(FEATURE_FLAGS) } });
  return { name, ...FEATURE_FLAGS[name] };
}

/** Checks a value against the flag's kind and bounds; a 400 says what was wrong. */
export function checkFlagValue(spec: FeatureFlagSpec, value: unknown): FlagValue {
  const bad = (message: string): never => {
    throw new ValidationError(message, { details: [{ in: 'body', field: 'value', message }] });
  };
  const number = (n: unknown): number => {
    if (typeof n !== 'number' || !Number.isFinite(n)) return bad('must be a number');
    if (spec.integer && !Number.isInteger(n)) bad('must be an integer');
    if (spec.min !== undefined && n < spec.min) bad(`must be at least ${spec.min}`);
    if (spec.max !== undefined && n > spec.max) bad(`must be at most ${spec.max}`);
    return n as number;
  };
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? value : bad('must be true or false');
  if (spec.kind === 'number') return number(value);
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) return bad('must be a list of 1 to 10 numbers');
  return (value as unknown[]).map(number);
}

async function loadStored(): Promise<StoredFlag[]> {
  return flagStore.all();
}

/**
 * The set flags, through the feature-flags namespace (no expiry; every update drops it in every
 * container through the cache's pub/sub). This is what services call, on every use: an L1 hit
 * costs a map lookup.
 *
 * @example
 * const flags = await readFlags();
 * const batch = (flags['matching.offerBatchSize'] as number | undefined) ?? config.offerBatchSize;
 */
export async function readFlags(): Promise<FlagSet> {
  const stored = await getCache('featureFlags').getOrSet(FLAGS_CACHE_KEY, loadStored);
  return Object.fromEntries(stored.map((flag) => [flag.name, flag.value])) as FlagSet;
}

/** Every flag of the catalog with its value or default, for the admin listing. */
export async function listFlags(): Promise<{ flags: FlagView[] }> {
  const stored = await getCache('featureFlags').getOrSet(FLAGS_CACHE_KEY, loadStored);
  const byName = new Map(stored.map((flag) => [flag.name, flag]));
  return {
    flags: (Object.keys(FEATURE_FLAGS) as FeatureFlagName[]).map((name) => {
      const flag = byName.get(name);
      return {
        name,
        ...FEATURE_FLAGS[name],
        set: flag !== undefined,
        value: flag?.value ?? null,
        ...(flag ? { updatedAt: flag.updatedAt, updatedBy: flag.updatedBy } : {}),
      };
    }),
  };
}

/** Sets a flag, drops every container's copy, records the action. */
export async function setFlag(name: string, value: unknown, actor: string, now: () => number = Date.now): Promise<FlagView> {
  const spec = flagSpec(name);
  const checked = checkFlagValue(spec, value);
  const flag: StoredFlag = { name: spec.name, value: checked, updatedAt: new Date(now()).toISOString(), updatedBy: actor };
  await flagStore.put(flag);
  await getCache('featureFlags').delete(FLAGS_CACHE_KEY);
  await recordAdminAction({ actor, action: 'flag.set', subject: spec.name, details: { value: checked } }, now);
  return { ...spec, set: true, value: checked, updatedAt: flag.updatedAt, updatedBy: actor };
}

/** Unsets a flag (its readers fall back to their defaults); 404 when it was not set. */
export async function deleteFlag(name: string, actor: string): Promise<{ name: FeatureFlagName; deleted: true }> {
  const spec = flagSpec(name);
  if (!(await flagStore.delete(spec.name))) throw new NotFoundError(`Feature flag "${spec.name}" is not set`);
  await getCache('featureFlags').delete(FLAGS_CACHE_KEY);
  await recordAdminAction({ actor, action: 'flag.delete', subject: spec.name });
  return { name: spec.name, deleted: true };
}
