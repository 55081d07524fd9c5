import { registerPrimer } from '../warmer/prime';

/**
 * `ioredis`, loaded when the first client is made. Its module init costs ~35 ms on this machine
 * (`pnpm bench coldstart`: it generates ~400 command methods and loads net/tls/dns), over half
 * the 60 ms init budget; a function that answers without Redis never pays it, and a warmed
 * container loads it during the warmer's ping (`../warmer/prime`).
 */
let loaded: typeof import('ioredis') | undefined;

export function ioredisModule(): typeof import('ioredis') {
  loaded ??= require('ioredis') as typeof import('ioredis');
  return loaded;
}

registerPrimer('redis', 'ioredis', ioredisModule);
