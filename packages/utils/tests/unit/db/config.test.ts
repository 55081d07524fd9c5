import { ConfigError } from '../../../src/config';
import { clientSettings, databaseConfigFromEnv } from '../../../src/db';
import { createSecretCache } from '../../../src/secrets';

describe('databaseConfigFromEnv', () => {
  const url = 'postgres://u:p@127.0.0.1:5999/x';

  it('sizes the pool 2 in Lambda and 10 elsewhere, unless DATABASE_POOL_MAX says otherwise', () => {
    const before = process.env.AWS_LAMBDA_FUNCTION_NAME;
    try {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      expect(databaseConfigFromEnv({ DATABASE_URL: url }).max).toBe(10);
      process.env.AWS_LAMBDA_FUNCTION_NAME = 'fn';
      const lambda = databaseConfigFromEnv({ DATABASE_URL: url });
      expect(lambda.max).toBe(2);
      expect(lambda.idleTimeoutMs).toBeLessThan(60_000);
      expect(databaseConfigFromEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: '4' }).max).toBe(4);
    } finally {
      if (before === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      else process.env.AWS_LAMBDA_FUNCTION_NAME = before;
    }
  });

  it('rejects a pool size that is not a positive integer', () => {
    expect(() => databaseConfigFromEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: 'two' })).toThrow(ConfigError);
    expect(() => databaseConfigFromEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: '0' })).toThrow(/DATABASE_POOL_MAX/);
  });

  it('names every variable when nothing says where the database is', () => {
    try {
      databaseConfigFromEnv({});
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variables).toEqual(['DATABASE_URL', 'DATABASE_HOST', 'DATABASE_SECRET_ARN']);
    }
  });

  it('sends session timeouts as startup parameters on direct connections', async () => {
    const config = databaseConfigFromEnv({ DATABASE_URL: url });
    expect(await config.connection()).toEqual({ connectionString: url });
    const settings = clientSettings(config);
    expect(settings.statement_timeout).toBe(config.statementTimeoutMs);
    expect(settings.options).toMatch(/idle_session_timeout=\d+/);
    expect(settings.query_timeout).toBeGreaterThan(config.statementTimeoutMs);
  });

  it('behind RDS Proxy: TLS, credentials from the cached secret, no session state, refetch after invalidate', async () => {
    let fetches = 0;
    let password = 'first';
    const cache = createSecretCache({
      getSecretString: async () => {
        fetches++;
        return JSON.stringify({ username: 'app', password, port: 5433 });
      },
    });
    const config = databaseConfigFromEnv(
      { DATABASE_HOST: 'proxy.example.internal', DATABASE_SECRET_ARN: 'arn:secret', DATABASE_NAME: 'roadcall' },
      () => cache,
    );
    const connection = await config.connection();
    expect(connection).toMatchObject({ host: 'proxy.example.internal', port: 5433, database: 'roadcall', user: 'app' });
    expect(connection.ssl).toMatchObject({ rejectUnauthorized: true });
    const readPassword = connection.password as () => Promise<string>;
    expect(await readPassword()).toBe('first');
    expect(await readPassword()).toBe('first');
    expect(fetches).toBe(1);
    password = 'rotated';
    config.invalidateCredentials?.();
    expect(await readPassword()).toBe('rotated');
    expect(fetches).toBe(2);
    const settings = clientSettings(config);
    expect(settings.statement_timeout).toBeUndefined();
    expect(settings.options).toBeUndefined();
  });

  it('reports a malformed secret without echoing it', async () => {
    const cache = createSecretCache({ getSecretString: async () => 'hunter2' });
    const config = databaseConfigFromEnv({ DATABASE_HOST: 'h', DATABASE_SECRET_ARN: 'arn:s' }, () => cache);
    await expect(config.connection()).rejects.toThrow(/not an RDS credentials JSON/);
    await expect(config.connection()).rejects.not.toThrow(/hunter2/);
  });
});
