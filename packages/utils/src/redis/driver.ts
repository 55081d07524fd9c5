import { ENV } from '@roadcall/contracts';
import { ConfigError } from '../config/errors';
import { once } from '../once';
import { registerPrimer } from '../warmer/prime';

/**
 * `ioredis`, loaded when the first client is made. Its module init costs ~35 ms on this machine
 * (`pnpm bench coldstart`: it generates ~400 command methods and loads net/tls/dns), over half
 * the 60 ms init budget; a function that answers without Redis never pays it, and a warmed
 * container loads it during the warmer's ping (`../warmer/prime`).
 *
 * In the bundle of a function whose contract does not declare `redis`, the bundler defines
 * `ENV.bundleWithoutRedis` (`bundleDefines` in the contracts) and ioredis (~145 KB) is left out:
 * reaching for Redis there is a contract error, reported as one.
 */
export const ioredisModule = once((): typeof import('ioredis') => {
  // Written out literally: `define` replaces only this exact expression.
  if (process.env.ROADCALL_BUNDLE_WITHOUT_REDIS !== 'true') return require('ioredis');
  throw new ConfigError('Redis is not bundled into this function: its contract does not declare `redis`', [ENV.redisUrl]);
});

registerPrimer('redis', 'ioredis', ioredisModule);
