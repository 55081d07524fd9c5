import { ENV } from '@roadcall/contracts';
import { ConfigError } from '../config/errors';
import { once } from '../once';
import { registerPrimer } from '../warmer/prime';

/**
 * `pg`, loaded when the first pool or client is made. Its module init costs 15-40 ms (on Node 20
 * it also loads undici for a runtime check), so a function pays it only once it talks to
 * PostgreSQL, or during the warmer's ping (`../warmer/prime`).
 *
 * In the bundle of a function whose contract does not declare `database`, the bundler defines
 * `ENV.bundleWithoutPostgres` (`bundleDefines` in the contracts) and pg is left out.
 */
export const pgModule = once((): typeof import('pg') => {
  // Written out literally: `define` replaces only this exact expression.
  if (process.env.ROADCALL_BUNDLE_WITHOUT_POSTGRES !== 'true') return require('pg');
  throw new ConfigError('PostgreSQL is not bundled into this function: its contract does not declare `database`', [ENV.databaseUrl]);
});

registerPrimer('database', 'pg', pgModule);
