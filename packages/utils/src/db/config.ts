import type { ConnectionOptions } from 'node:tls';
import { ENV } from '@roadcall/contracts';
import type { ClientConfig } from 'pg';
import { ConfigError } from '../config/errors';
import { isLambdaRuntime } from '../config/runtime';
import { type SecretCache, secrets } from '../secrets';
import {
  CONNECT_TIMEOUT_MS,
  DEFAULT_DATABASE_NAME,
  DEFAULT_PORT,
  IDLE_IN_TRANSACTION_TIMEOUT_MS,
  IDLE_SESSION_TIMEOUT_MS,
  LAMBDA_IDLE_TIMEOUT_MS,
  LAMBDA_POOL_MAX,
  MAX_CONNECTION_LIFETIME_SECONDS,
  PROCESS_IDLE_TIMEOUT_MS,
  PROCESS_POOL_MAX,
  QUERY_TIMEOUT_GRACE_MS,
  STATEMENT_TIMEOUT_MS,
} from './constants';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';

/** Where and how to connect; resolved (with credentials) only when the first connection opens. */
export type ConnectionResolver = () => Promise<ClientConfig>;

/** Everything a {@link DatabasePool} needs. {@link databaseConfigFromEnv} builds it from env. */
export interface DatabaseConfig {
  readonly connection: ConnectionResolver;
  /** Called after an authentication failure (the secret may have rotated). */
  readonly invalidateCredentials?: () => void;
  /** Max open connections of this process. */
  readonly max: number;
  readonly idleTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly statementTimeoutMs: number;
  readonly maxLifetimeSeconds: number;
  /**
   * Send session settings (statement_timeout, idle_session_timeout, ...) as startup parameters.
   * Off behind RDS Proxy: session state there pins connections; the proxy's target group
   * InitQuery sets them instead and the client-side query timeout still applies.
   */
  readonly sessionParameters: boolean;
  /** Server-side idle_session_timeout (direct connections): a vanished client's sessions are closed by the server. */
  readonly idleSessionTimeoutMs: number;
  /** Shown in pg_stat_activity (and used by tests to count this process's backends). */
  readonly applicationName: string;
  readonly retry: RetryPolicy;
}

/** Shape of an RDS/Aurora Secrets Manager secret. */
interface RdsSecret {
  readonly username: string;
  readonly password: string;
  readonly port?: number;
  readonly dbname?: string;
}

function parseSecret(text: string, arn: string): RdsSecret {
  try {
    const value = JSON.parse(text) as Partial<RdsSecret>;
    if (typeof value.username === 'string' && typeof value.password === 'string') return value as RdsSecret;
  } catch {
    // fall through: reported without echoing the secret
  }
  throw new ConfigError(`The secret ${arn} is not an RDS credentials JSON ({"username","password"})`, [ENV.databaseSecretArn]);
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} is invalid (a positive integer; got "${raw}")`, [name]);
  return value;
}

/**
 * The pool's configuration from env:
 * - `DATABASE_URL` (local, tests, any direct connection): URL as given (sslmode in the URL decides TLS).
 * - else `DATABASE_HOST` (the RDS Proxy endpoint) + `DATABASE_SECRET_ARN` (Secrets Manager,
 *   cached) + `DATABASE_NAME`: TLS with certificate verification, no startup session settings.
 * Pool size is `DATABASE_POOL_MAX`, else 2 in Lambda and 10 elsewhere.
 *
 * @example
 * const pool = new DatabasePool(databaseConfigFromEnv());
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env, secretCache: () => SecretCache = secrets): DatabaseConfig {
  const lambda = isLambdaRuntime();
  const max = positiveInt(env, ENV.databasePoolMax) ?? (lambda ? LAMBDA_POOL_MAX : PROCESS_POOL_MAX);
  const common = {
    max,
    idleTimeoutMs: lambda ? LAMBDA_IDLE_TIMEOUT_MS : PROCESS_IDLE_TIMEOUT_MS,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    statementTimeoutMs: STATEMENT_TIMEOUT_MS,
    maxLifetimeSeconds: MAX_CONNECTION_LIFETIME_SECONDS,
    idleSessionTimeoutMs: IDLE_SESSION_TIMEOUT_MS,
    applicationName: `roadcall-${env[ENV.serviceName] || env.AWS_LAMBDA_FUNCTION_NAME || 'local'}`.slice(0, 63),
    retry: DEFAULT_RETRY_POLICY,
  };

  const url = env[ENV.databaseUrl];
  if (url) {
    return { ...common, sessionParameters: true, connection: async () => ({ connectionString: url }) };
  }

  const host = env[ENV.databaseHost];
  const secretArn = env[ENV.databaseSecretArn];
  if (host && secretArn) {
    const database = env[ENV.databaseName] || DEFAULT_DATABASE_NAME;
    // RDS Proxy presents an Amazon-issued certificate that Node's bundled CAs verify.
    const ssl: ConnectionOptions = { rejectUnauthorized: true, servername: host };
    const secret = async (): Promise<RdsSecret> => parseSecret(await secretCache().get(secretArn), secretArn);
    return {
      ...common,
      sessionParameters: false,
      invalidateCredentials: () => secretCache().invalidate(secretArn),
      connection: async () => {
        const { username, port } = await secret();
        // The password is read per connection, so a rotated secret is picked up after invalidate().
        return { host, port: port ?? DEFAULT_PORT, database, user: username, ssl, password: async () => (await secret()).password };
      },
    };
  }

  throw new ConfigError(
    `${ENV.databaseUrl} (a PostgreSQL URL), or ${ENV.databaseHost} with ${ENV.databaseSecretArn} (RDS Proxy and its credentials), is required`,
    [ENV.databaseUrl, ENV.databaseHost, ENV.databaseSecretArn],
  );
}

/** The pg client settings a config implies on top of its connection. */
export function clientSettings(config: DatabaseConfig): ClientConfig {
  const settings: ClientConfig = {
    application_name: config.applicationName,
    connectionTimeoutMillis: config.connectTimeoutMs,
    // The client stops waiting a little after the server should have cancelled the statement.
    query_timeout: config.statementTimeoutMs + QUERY_TIMEOUT_GRACE_MS,
    keepAlive: true,
  };
  if (config.sessionParameters) {
    settings.statement_timeout = config.statementTimeoutMs;
    settings.idle_in_transaction_session_timeout = IDLE_IN_TRANSACTION_TIMEOUT_MS;
    settings.options = `-c idle_session_timeout=${config.idleSessionTimeoutMs}`;
  }
  return settings;
}
