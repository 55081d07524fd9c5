import { z } from 'zod';
import { ConfigError, loadConfig, tableName } from '../../src/config';

describe('loadConfig', () => {
  it('parses and coerces variables, applying defaults', () => {
    const config = loadConfig(
      { REDIS_URL: z.string().url(), CACHE_MAX_SIZE: z.coerce.number().int().positive().default(1000) },
      { REDIS_URL: 'redis://127.0.0.1:6379' },
    );
    expect(config).toEqual({ REDIS_URL: 'redis://127.0.0.1:6379', CACHE_MAX_SIZE: 1000 });
  });

  it('names every missing and invalid variable in one error', () => {
    const load = () =>
      loadConfig({ REDIS_URL: z.string().url(), CACHE_MAX_SIZE: z.coerce.number().int().positive() }, { CACHE_MAX_SIZE: 'lots' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const configError = error as ConfigError;
      expect(configError.variables).toEqual(['REDIS_URL', 'CACHE_MAX_SIZE']);
      expect(configError.message).toMatch(/REDIS_URL is required but not set/);
      expect(configError.message).toMatch(/CACHE_MAX_SIZE is invalid .*got "lots"/);
    }
  });

  it('treats an empty string as unset so defaults apply', () => {
    expect(loadConfig({ LOG_LEVEL: z.string().default('INFO') }, { LOG_LEVEL: '' })).toEqual({ LOG_LEVEL: 'INFO' });
  });
});

describe('tableName', () => {
  const saved = process.env.VENDORS_TABLE;
  afterEach(() => {
    if (saved === undefined) delete process.env.VENDORS_TABLE;
    else process.env.VENDORS_TABLE = saved;
  });

  it('reads the physical name from the env var the contract names', () => {
    process.env.VENDORS_TABLE = 'roadcall-test-vendors';
    expect(tableName('vendors')).toBe('roadcall-test-vendors');
  });

  it('fails with the env var name when unset', () => {
    delete process.env.VENDORS_TABLE;
    expect(() => tableName('vendors')).toThrow(/VENDORS_TABLE is required/);
  });
});
