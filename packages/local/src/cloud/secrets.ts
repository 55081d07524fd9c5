import { randomInt } from 'node:crypto';
import type { AssemblyModel } from './model';

/** What the runtime knows of the local databases when it writes the credentials secrets. */
export interface DatabaseTarget {
  /** `postgres://user:password@host:port/db` of the local engine (the credentials the secret carries). */
  readonly url: string;
  /** Where functions connect: the RDS Proxy stand-in (TLS front). */
  readonly host: string;
  readonly port: number;
}

/** A secret of the template with its local value. */
export interface LocalSecret {
  readonly arn: string;
  readonly name: string;
  readonly value: string;
  readonly logicalId: string;
  readonly stack: string;
}

const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

interface GenerateSecretString {
  readonly PasswordLength?: number;
  readonly ExcludeCharacters?: string;
  readonly ExcludePunctuation?: boolean;
  readonly ExcludeUppercase?: boolean;
  readonly ExcludeLowercase?: boolean;
  readonly ExcludeNumbers?: boolean;
  readonly IncludeSpace?: boolean;
  readonly GenerateStringKey?: string;
  readonly SecretStringTemplate?: string;
}

/** A random string as Secrets Manager's GenerateSecretString would make it (length 32 by default). */
export function generateSecretString(spec: GenerateSecretString): string {
  let alphabet = '';
  if (!spec.ExcludeUppercase) alphabet += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  if (!spec.ExcludeLowercase) alphabet += 'abcdefghijklmnopqrstuvwxyz';
  if (!spec.ExcludeNumbers) alphabet += '0123456789';
  if (!spec.ExcludePunctuation) alphabet += PUNCTUATION;
  if (spec.IncludeSpace) alphabet += ' ';
  const excluded = new Set(spec.ExcludeCharacters ?? '');
  const characters = [...alphabet].filter((character) => !excluded.has(character));
  const length = spec.PasswordLength ?? 32;
  const value = Array.from({ length }, () => characters[randomInt(characters.length)]).join('');
  if (!spec.GenerateStringKey) return value;
  const template = spec.SecretStringTemplate ? (JSON.parse(spec.SecretStringTemplate) as Record<string, unknown>) : {};
  return JSON.stringify({ ...template, [spec.GenerateStringKey]: value });
}

/** The secrets attached to a database (SecretTargetAttachment): their ARN -> the attachment's target type. */
function databaseSecretArns(model: AssemblyModel): Set<string> {
  const arns = new Set<string>();
  for (const { stack, resource } of model.resourcesOfType('AWS::SecretsManager::SecretTargetAttachment')) {
    const type = String(resource.Properties?.TargetType ?? '');
    if (type.startsWith('AWS::RDS::')) arns.add(String(model.resolve(stack, resource.Properties?.SecretId)));
  }
  return arns;
}

/**
 * The values of the template's secrets, decided locally: `SecretString` as given, generated
 * strings for `GenerateSecretString`, and for a secret attached to a database the RDS credentials
 * JSON `{ username, password, host, port, dbname, engine }` of the local PostgreSQL (its own user
 * and password: the template's master username does not exist there). Call it twice: first
 * without `database` (the Redis AUTH token must exist before Redis starts), then with it.
 *
 * @example
 * const secrets = templateSecrets(model, { url: engines.env.DATABASE_URL, host: 'localhost', port: 5433 });
 */
export function templateSecrets(model: AssemblyModel, database?: DatabaseTarget, previous: ReadonlyArray<LocalSecret> = []): LocalSecret[] {
  const attached = databaseSecretArns(model);
  return model.resourcesOfType('AWS::SecretsManager::Secret').flatMap(({ stack, logicalId, resource }) => {
    const arn = model.arn(stack, logicalId);
    const name = model.physicalName(stack, logicalId);
    const properties = (model.resolve(stack, resource.Properties ?? {}) ?? {}) as {
      SecretString?: string;
      GenerateSecretString?: GenerateSecretString;
    };
    let value = previous.find((secret) => secret.arn === arn)?.value;
    if (attached.has(arn)) {
      if (!database) return [];
      const url = new URL(database.url);
      value = JSON.stringify({
        username: decodeURIComponent(url.username),
        password: decodeURIComponent(url.password),
        host: database.host,
        port: database.port,
        dbname: url.pathname.slice(1),
        engine: 'postgres',
      });
    }
    value ??= properties.SecretString ?? generateSecretString(properties.GenerateSecretString ?? {});
    model.setSecretValue(arn, value);
    return [{ arn, name, value, logicalId, stack }];
  });
}

/**
 * The AUTH token the template gives its Redis (ElastiCache `AuthToken`, a dynamic reference to a
 * secret), so that the local redis-server requires the same token; undefined when it sets none.
 */
export function redisAuthToken(model: AssemblyModel): string | undefined {
  for (const { stack, resource } of model.resourcesOfType('AWS::ElastiCache::ReplicationGroup')) {
    const token = resource.Properties?.AuthToken;
    if (token !== undefined) return String(model.resolve(stack, token));
  }
  return undefined;
}
