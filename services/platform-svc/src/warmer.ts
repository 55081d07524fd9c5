import { ENV, WARMER, warmTargets } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { type FunctionInvoker, installedWarmerInvoker, lambdaInvoker, type WarmReport, warmFunctions } from '@roadcall/utils/warmer';
import { z } from 'zod';

/**
 * One warmer run: every warm-marked function in the contracts, N times at once. The invoker is
 * the one the local stack installed, else Lambda Invoke.
 */
export async function runWarmer(invoker: FunctionInvoker = installedWarmerInvoker() ?? lambdaInvoker()): Promise<WarmReport> {
  const config = loadConfig({
    [ENV.warmerConcurrency]: z.coerce.number().int().min(1).max(WARMER.maxConcurrency).default(WARMER.defaultConcurrency),
  });
  return warmFunctions(warmTargets(config[ENV.warmerConcurrency] as number), invoker);
}
