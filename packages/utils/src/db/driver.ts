import { registerPrimer } from '../warmer/prime';

/**
 * `pg`, loaded when the first pool or client is made. Its module init costs 15-40 ms (on Node 20
 * it also loads undici for a runtime check), so a function pays it only once it talks to
 * PostgreSQL, or during the warmer's ping (`../warmer/prime`).
 */
let loaded: typeof import('pg') | undefined;

export function pgModule(): typeof import('pg') {
  loaded ??= require('pg') as typeof import('pg');
  return loaded;
}

registerPrimer('database', 'pg', pgModule);
