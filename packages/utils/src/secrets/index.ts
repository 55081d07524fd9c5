import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The one call a secret cache needs: the string value of a secret (narrow, so tests pass a fake). */
export interface SecretSource {
  getSecretString(secretId: string): Promise<string>;
}

/** A secret cache: values are reused for `ttlMs`, concurrent misses share one fetch. */
export interface SecretCache {
  get(secretId: string): Promise<string>;
  /** Forgets a value (after an authentication failure: the secret may have rotated). */
  invalidate(secretId: string): void;
}

/** Default reuse time of a secret value: rotation is picked up after it, or at once on invalidate. */
export const SECRET_TTL_MS = 5 * 60_000;

/**
 * A per-container cache over a {@link SecretSource}: one Secrets Manager call per secret per TTL,
 * not per invocation (cost, latency, and the API's throttling).
 *
 * @example
 * const secrets = createSecretCache(fakeSource, 60_000);
 * const json = await secrets.get('arn:aws:secretsmanager:...');
 */
export function createSecretCache(source: SecretSource, ttlMs = SECRET_TTL_MS, now: () => number = Date.now): SecretCache {
  const entries = new Map<string, { value: Promise<string>; expiresAt: number }>();
  return {
    get(secretId) {
      const hit = entries.get(secretId);
      if (hit && hit.expiresAt > now()) return hit.value;
      const value = source.getSecretString(secretId);
      entries.set(secretId, { value, expiresAt: now() + ttlMs });
      // A failed fetch is not cached: the next caller tries again.
      value.catch(() => {
        if (entries.get(secretId)?.value === value) entries.delete(secretId);
      });
      return value;
    },
    invalidate(secretId) {
      entries.delete(secretId);
    },
  };
}

/** Secrets Manager as a {@link SecretSource} (the client is created on first use). */
export function secretsManagerSource(client?: Pick<SecretsManagerClient, 'send'>): SecretSource {
  let sm = client;
  return {
    async getSecretString(secretId) {
      // Loaded on first use: functions that never read a secret (everything locally) don't pay
      // for the SDK client at cold start.
      const { GetSecretValueCommand, SecretsManagerClient: Client } = await import('@aws-sdk/client-secrets-manager');
      sm ??= new Client({ maxAttempts: 3 });
      const result = await sm.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (result.SecretString === undefined) throw new Error(`Secret ${secretId} has no string value`);
      return result.SecretString;
    },
  };
}

let shared: SecretCache | undefined;

/** The container's shared secret cache over Secrets Manager. */
export function secrets(): SecretCache {
  shared ??= createSecretCache(secretsManagerSource());
  return shared;
}
