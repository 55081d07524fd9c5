/**
 * A token bucket as API Gateway throttles with: `burstLimit` tokens at most, refilled at
 * `rateLimit` per second; a request takes one token or is refused (429).
 *
 * @example
 * const bucket = new TokenBucket(50, 100);
 * if (!bucket.take()) answer429();
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    readonly rateLimit: number,
    readonly burstLimit: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = burstLimit;
    this.#last = now();
  }

  take(): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.burstLimit, this.#tokens + ((now - this.#last) / 1000) * this.rateLimit);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
