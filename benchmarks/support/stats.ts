/** Latency statistics for benchmarks: medians and percentiles over recorded samples (ms). */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly mean: number;
  readonly max: number;
}

/** The nearest-rank percentile of sorted samples. */
export function percentile(sorted: ReadonlyArray<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

export function summarize(samples: ReadonlyArray<number>): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    mean: sorted.length ? sum / sorted.length : Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function median(values: ReadonlyArray<number>): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs `fn` `iterations` times in sequence and returns per-call latencies in ms. */
export async function timeEach(iterations: number, fn: (index: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples = new Array<number>(iterations);
  for (let index = 0; index < iterations; index++) {
    const started = performance.now();
    await fn(index);
    samples[index] = performance.now() - started;
  }
  return samples;
}

/**
 * Operations per second of `fn`, as the median of `rounds` timed rounds of `opsPerRound` calls
 * (after one warm-up round): one slow round on a noisy machine does not decide the figure.
 */
export async function opsPerSecond(fn: () => Promise<unknown> | unknown, opsPerRound: number, rounds = 5): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round <= rounds; round++) {
    const started = performance.now();
    for (let index = 0; index < opsPerRound; index++) await fn();
    const elapsed = performance.now() - started;
    if (round > 0) rates.push((opsPerRound / elapsed) * 1000);
  }
  return median(rates);
}

/** Runs `total` calls with at most `concurrency` in flight; returns each call's latency (ms). */
export async function runConcurrently(
  total: number,
  concurrency: number,
  fn: (index: number) => Promise<unknown>,
): Promise<{ samples: number[]; elapsedMs: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const t0 = performance.now();
      await fn(index);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { samples, elapsedMs: performance.now() - started };
}
