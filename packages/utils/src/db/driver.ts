import { ENV } from '@roadcall/contracts';
import { ConfigError } from '../config/errors';
import { registerPrimer } from '../warmer/prime';

/**
 * `pg`, loaded when the first pool or client is made. Its module init costs 15-40 ms (on Node 20
 * it also loads undici for a runtime check), so a function pays it only once it talks to
 * PostgreSQL, or during the warmer's ping (`../warmer/prime`).
 *
 * In the bundle of a function whose contract does not declare `database`, the bundler defines
 * `ROADCALL_BUNDLE_WITHOUT_POSTGRES` (`BUNDLE_FLAGS` in the contracts) and pg is left out.
 */
let loaded: typeof import('pg') | undefined;

export function pgModule(): typeof import('pg') {
  // The literal `process.env.X` form is what the bundler's `define` replaces.
  if (process.env.ROADCALL_BUNDLE_WITHOUT_POSTGRES !== 'true') loaded ??= require('pg') as typeof import('pg');
  else throw new ConfigError('PostgreSQL is not bundled into this function: its contract does not declare `database`', [ENV.databaseUrl]);
  return loaded;
}

registerPrimer('database', 'pg', pgModule);
