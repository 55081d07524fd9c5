/**
 * Cold-start tracking: the first invocation a container serves is its cold start. Module scope is
 * per container in Lambda, so this flag is too.
 */
let servedInvocation = false;
const containerStartedAt = Date.now();

/** Marks an invocation; returns true when it is the container's first (a cold start). */
export function markInvocation(): boolean {
  const cold = !servedInvocation;
  servedInvocation = true;
  return cold;
}

/** Milliseconds since this container loaded its code. */
export function containerUptimeMs(): number {
  return Date.now() - containerStartedAt;
}
