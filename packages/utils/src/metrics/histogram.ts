import { HISTOGRAM_GAMMA, HISTOGRAM_MAX_MS, HISTOGRAM_MIN_MS } from './constants';

const LOG_GAMMA = Math.log(HISTOGRAM_GAMMA);

/** The fixed bin index of a latency (ms): the same in every process, so bins merge by addition. */
export function binOf(ms: number): number {
  const clamped = Math.min(HISTOGRAM_MAX_MS, Math.max(HISTOGRAM_MIN_MS, Number.isFinite(ms) ? ms : HISTOGRAM_MAX_MS));
  return Math.ceil(Math.log(clamped) / LOG_GAMMA);
}

/** The value a bin stands for: the point with equal relative distance to both of its edges. */
export function binValue(index: number): number {
  return (2 * HISTOGRAM_GAMMA ** index) / (HISTOGRAM_GAMMA + 1);
}

/**
 * A sparse latency histogram over fixed logarithmic bins (DDSketch-like): O(1) to add, bounded
 * size (a few hundred bins span 10 us to 15 min), mergeable across processes and minutes.
 *
 * @example
 * const h = new Histogram();
 * for (const ms of [12, 15, 40]) h.add(ms);
 * h.percentile(50); // ~15
 */
export class Histogram {
  readonly #bins = new Map<number, number>();
  #count = 0;

  add(ms: number, times = 1): void {
    const bin = binOf(ms);
    this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + times);
    this.#count += times;
  }

  /** Adds another histogram's bins (e.g. read back from Redis: bin index -> count). */
  merge(bins: Iterable<readonly [number, number]>): void {
    for (const [bin, count] of bins) {
      if (!Number.isFinite(bin) || !(count > 0)) continue;
      this.#bins.set(bin, (this.#bins.get(bin) ?? 0) + count);
      this.#count += count;
    }
  }

  get count(): number {
    return this.#count;
  }

  entries(): IterableIterator<[number, number]> {
    return this.#bins.entries();
  }

  /** Nearest-rank percentile (0 < p <= 100); `null` when empty. */
  percentile(p: number): number | null {
    if (this.#count === 0) return null;
    const rank = Math.max(1, Math.ceil((p / 100) * this.#count));
    let seen = 0;
    for (const bin of [...this.#bins.keys()].sort((a, b) => a - b)) {
      seen += this.#bins.get(bin) ?? 0;
      if (seen >= rank) return binValue(bin);
    }
    return null;
  }
}
