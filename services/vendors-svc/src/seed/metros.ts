import metros from './metros.json';

/**
 * Real metro areas the seed spreads vendors around: centre, a spread (the standard deviation of
 * vendor positions, km) and a weight (share of vendors). Centres are city halls, roughly.
 */
export interface Metro {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly spreadKm: number;
  readonly weight: number;
}

/** Kept as JSON so the Artillery helpers (plain JavaScript) read the very same list. */
export const METROS: ReadonlyArray<Metro> = metros;
