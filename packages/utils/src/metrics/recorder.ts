import { EMF_RESERVOIR_SIZE, MAX_SERIES } from './constants';
import { binOf } from './histogram';
import type { InvocationSample, SeriesDelta, SeriesKind } from './types';

interface Series {
  readonly kind: SeriesKind;
  readonly name: string;
  count: number;
  errors: number;
  clientErrors: number;
  coldStarts: number;
  sumMs: number;
  readonly bins: Map<number, number>;
  readonly samples: number[];
}

const OVERFLOW_NAME = '(other)';

/**
 * The per-container accumulator. `record` is the only thing on the request path: a few integer
 * increments on a Map (no I/O, no allocation after a series exists). `drain` hands everything
 * over to the flusher and starts afresh, so memory is bounded by series count x bins.
 *
 * @example
 * const recorder = new MetricsRecorder();
 * recorder.record('route', 'vendors.get', { latencyMs: 12.5, statusCode: 200, cold: false });
 * const deltas = recorder.drain();
 */
export class MetricsRecorder {
  #series = new Map<string, Series>();
  #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  record(kind: SeriesKind, name: string, sample: InvocationSample): void {
    const series = this.#seriesFor(kind, name);
    const status = sample.statusCode ?? 0;
    const error = sample.error ?? status >= 500;
    series.count += 1;
    if (error) series.errors += 1;
    else if (status >= 400) series.clientErrors += 1;
    if (sample.cold) series.coldStarts += 1;
    const ms = sample.latencyMs;
    series.sumMs += ms;
    const bin = binOf(ms);
    series.bins.set(bin, (series.bins.get(bin) ?? 0) + 1);
    // Reservoir sampling (Algorithm R): a uniform sample of this interval's latencies for EMF.
    if (series.samples.length < EMF_RESERVOIR_SIZE) series.samples.push(ms);
    else {
      const slot = Math.floor(this.#random() * series.count);
      if (slot < EMF_RESERVOIR_SIZE) series.samples[slot] = ms;
    }
  }

  /** True when nothing was recorded since the last drain. */
  get empty(): boolean {
    return this.#series.size === 0;
  }

  /** Everything since the previous drain; the recorder starts empty again. */
  drain(): SeriesDelta[] {
    const drained = [...this.#series.values()].map((series) => ({ ...series, bins: [...series.bins.entries()] }));
    this.#series = new Map();
    return drained;
  }

  #seriesFor(kind: SeriesKind, name: string): Series {
    const key = `${kind}|${name}`;
    let series = this.#series.get(key);
    if (series) return series;
    // Names come from contracts, so this bound is never reached in practice; it keeps a bug from growing memory.
    if (this.#series.size >= MAX_SERIES && name !== OVERFLOW_NAME) return this.#seriesFor(kind, OVERFLOW_NAME);
    series = { kind, name, count: 0, errors: 0, clientErrors: 0, coldStarts: 0, sumMs: 0, bins: new Map(), samples: [] };
    this.#series.set(key, series);
    return series;
  }
}
