import type { ResourceUse } from '@roadcall/contracts';

/** A kind of resource a contract declares (`uses`), whose client library can be loaded ahead. */
export type PrimeKind = 'redis' | 'database' | 'tables' | 'queues' | 'buckets' | 'email';

interface Primer {
  readonly name: string;
  readonly load: () => unknown;
}

const primers = new Map<PrimeKind, Primer[]>();

/**
 * Declares how to load the client library behind a resource kind. Each lazy loader registers
 * itself where it is defined (`aws/sdk`, `redis/driver`, `db/driver`), so a bundle can prime only
 * what its own code can load: priming never drags a library into a bundle that lacks it.
 *
 * @example
 * registerPrimer('database', 'pg', pgModule);
 */
export function registerPrimer(kind: PrimeKind, name: string, load: () => unknown): void {
  const list = primers.get(kind) ?? [];
  if (!list.some((primer) => primer.name === name)) list.push({ name, load });
  primers.set(kind, list);
}

function declares(uses: ResourceUse, kind: PrimeKind): boolean {
  switch (kind) {
    case 'redis':
      return Boolean(uses.redis);
    case 'database':
      return Boolean(uses.database);
    case 'email':
      return Boolean(uses.email);
    default:
      return (uses[kind]?.length ?? 0) > 0;
  }
}

/**
 * Loads, ahead of traffic, the client libraries (ioredis, pg, AWS SDK clients) that a function's
 * contract says it uses and that its code loads lazily. Module loading only: no client is created
 * and no connection opened, so a warming ping still does no I/O against a dependency.
 *
 * Why: module init stays small (a cold container that never needs DynamoDB never pays for it),
 * while a container the warmer keeps warm, or one Lambda initialises for provisioned concurrency,
 * is as ready as if everything had been imported at init. Returns the names it loaded.
 *
 * @example
 * if (isWarmingEvent(event) && cold) primeFor(route.uses);
 */
export function primeFor(uses: ResourceUse | undefined): string[] {
  if (!uses) return [];
  const loaded: string[] = [];
  for (const [kind, list] of primers) {
    if (!declares(uses, kind)) continue;
    for (const primer of list) {
      primer.load();
      loaded.push(primer.name);
    }
  }
  return loaded;
}

/**
 * True when Lambda initialises this container ahead of traffic (provisioned concurrency, or a
 * SnapStart snapshot): then init is the right time to load everything the function uses.
 */
export function initialisedAheadOfTraffic(): boolean {
  const type = process.env.AWS_LAMBDA_INITIALIZATION_TYPE;
  return type === 'provisioned-concurrency' || type === 'snap-start';
}
