import type { FunctionPool } from './pool';

/**
 * The running functions by every name Lambda accepts: function name, logical id, full or partial
 * ARN, with or without a version qualifier.
 */
export class FunctionRegistry {
  readonly #byName = new Map<string, FunctionPool>();

  constructor(readonly pools: ReadonlyArray<FunctionPool>) {
    for (const pool of pools) {
      this.#byName.set(pool.definition.name, pool);
      this.#byName.set(pool.definition.logicalId, pool);
    }
  }

  /** The pool for a FunctionName as the Invoke API takes it, or undefined. */
  find(functionName: string): FunctionPool | undefined {
    const decoded = decodeURIComponent(functionName);
    const fromArn = /(?:^|:)function:([^:]+)/.exec(decoded)?.[1];
    const name = fromArn ?? decoded.split(':')[0] ?? decoded;
    return this.#byName.get(name);
  }
}
