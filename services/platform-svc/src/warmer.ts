import { ENV, WARMER, warmTargets } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { type FunctionInvoker, installedWarmerInvoker, lambdaInvoker, type WarmReport, warmFunctions } from '@roadcall/utils/warmer';
import * as z from 'zod/mini';

/**
 * One warmer run: every warm-marked function in the contracts, N times at once. The invoker is
 * the one the local stack installed, else Lambda Invoke.
 */
export async function runWarmer(invoker: FunctionInvoker = installedWarmerInvoker() ?? lambdaInvoker()): Promise<WarmReport> {
  const config = loadConfig({
    [ENV.warmerConcurrency]: z._default(
      z.coerce.number().check(z.int(), z.minimum(1), z.maximum(WARMER.maxConcurrency)),
      WARMER.defaultConcurrency,
    ),
  });
  return warmFunctions(warmTargets(config[ENV.warmerConcurrency] as number), invoker);
}
