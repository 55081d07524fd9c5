import { ENV } from '@roadcall/contracts';
import { loadConfig } from '@roadcall/utils/config';
import { z } from 'zod';
import { MAX_SQS_DELAY_SECONDS } from './constants';

/** Matching configuration (env-driven, so tests and benchmarks can use short windows). */
export interface MatchingConfig {
  /** Seconds an offer stays open (the delay of its timeout message). */
  readonly offerWindowSeconds: number;
  /** Seconds after creation an unmatched incident escalates. */
  readonly escalationSeconds: number;
  /** Widening search radii, km. */
  readonly radiiKm: ReadonlyArray<number>;
  /** Vendors offered at once per round. */
  readonly offerBatchSize: number;
  /** Where escalations are emailed. */
  readonly escalationEmail: string;
}

const radii = z
  .string()
  .transform((text) => text.split(',').map((part) => Number(part.trim())))
  .pipe(z.array(z.number().min(0.1).max(100)).min(1));

/**
 * Reads the matching configuration from the env on every call: it is a handful of string parses,
 * and reading late lets a test change a window without reloading modules.
 *
 * @example
 * const { offerWindowSeconds } = matchingConfig();
 */
export function matchingConfig(env: NodeJS.ProcessEnv = process.env): MatchingConfig {
  const config = loadConfig(
    {
      [ENV.incidentOfferWindowSeconds]: z.coerce.number().int().min(1).max(MAX_SQS_DELAY_SECONDS).default(20),
      [ENV.incidentEscalationSeconds]: z.coerce
        .number()
        .int()
        .min(1)
        .max(24 * 3600)
        .default(60),
      [ENV.incidentMatchRadiiKm]: radii.default([10, 25, 50]),
      [ENV.incidentOfferBatchSize]: z.coerce.number().int().min(1).max(50).default(3),
      [ENV.incidentEscalationEmail]: z.email().default('dispatch@roadcall.local'),
    },
    env,
  );
  return {
    offerWindowSeconds: config[ENV.incidentOfferWindowSeconds] as number,
    escalationSeconds: config[ENV.incidentEscalationSeconds] as number,
    radiiKm: [...(config[ENV.incidentMatchRadiiKm] as number[])].sort((a, b) => a - b),
    offerBatchSize: config[ENV.incidentOfferBatchSize] as number,
    escalationEmail: config[ENV.incidentEscalationEmail] as string,
  };
}
