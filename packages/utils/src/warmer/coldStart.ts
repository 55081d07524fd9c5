/**
 * Cold-start tracking: the first invocation a container serves is its cold start. Module scope is
 * per container in Lambda, so this state is too. Locally one process serves every handler, so
 * the first invocation is tracked per function (scope) to keep each handler's figures honest.
 */
const served = new Set<string>();
const containerStartedAt = Date.now();

/**
 * Marks an invocation; returns true when it is the first in this container for `scope` (a
 * cold start). In Lambda a container serves one function, so the scope changes nothing there.
 *
 * @example
 * const cold = markInvocation('vendors.get');
 */
export function markInvocation(scope = 'default'): boolean {
  if (served.has(scope)) return false;
  served.add(scope);
  return true;
}

/** Milliseconds since this container loaded its code. */
export function containerUptimeMs(): number {
  return Date.now() - containerStartedAt;
}
