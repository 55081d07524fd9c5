/**
 * The default cache clock: `Date.now()` read at most once per millisecond of activity, the way
 * lru-cache's `ttlResolution` does it. An L1 hit then costs no clock syscall-ish call; expiry is
 * checked with 1 ms resolution (longer only while the event loop is busy without yielding to
 * timers, which also delays everything else).
 */
let cached = 0;
const reset = (): void => {
  cached = 0;
};

export function coarseNow(): number {
  if (cached === 0) {
    cached = Date.now();
    setTimeout(reset, 1).unref();
  }
  return cached;
}
