import type { GeoCell } from './types';

/**
 * Key layout. Every key of a cell carries the hash tag `{c<row>:<col>}`, so in Redis Cluster a
 * cell's sets and its summary hash live in one slot: an update of one cell is one MULTI (legal in
 * a cluster only within a slot), and different cells spread over the cluster's slots, so a busy
 * metro is served by several shards instead of one hot key.
 *
 *   <prefix>:{c<cell>}:all            GEO set: every member in the cell
 *   <prefix>:{c<cell>}:all:<service>  GEO set: members offering <service>
 *   <prefix>:{c<cell>}:on             GEO set: available members
 *   <prefix>:{c<cell>}:on:<service>   GEO set: available members offering <service>
 *   <prefix>:{c<cell>}:meta           HASH member id -> JSON (point, services, availability, summary)
 *   <prefix>:loc:<id>                 STRING: the member's current entry (to find its old cell)
 *   <prefix>:state                    HASH: the mirror's marker (status, generation, count, builtAt),
 *                                     written when a full build completes: absent = empty or lost index
 *   <prefix>-rebuild-lock             STRING: who rebuilds now (outside the pattern: `clear` keeps it)
 */
export class GeoKeys {
  readonly prefix: string;

  constructor(prefix: string) {
    if (prefix.includes('{') || prefix.includes('}')) throw new RangeError('a geo index prefix must not contain hash-tag braces');
    this.prefix = prefix;
  }

  /** The GEO set a search reads: available-only or all, optionally for one service. */
  set(cell: GeoCell, options: { service?: string; includeUnavailable?: boolean }): string {
    const base = options.includeUnavailable ? 'all' : 'on';
    return `${this.#cell(cell)}:${options.service ? `${base}:${options.service}` : base}`;
  }

  /** Every GEO set a member belongs to. */
  memberSets(cell: GeoCell, services: ReadonlyArray<string>, available: boolean): string[] {
    const base = this.#cell(cell);
    const sets = [`${base}:all`, ...services.map((service) => `${base}:all:${service}`)];
    if (available) sets.push(`${base}:on`, ...services.map((service) => `${base}:on:${service}`));
    return sets;
  }

  meta(cell: GeoCell): string {
    return `${this.#cell(cell)}:meta`;
  }

  locator(id: string): string {
    return `${this.prefix}:loc:${id}`;
  }

  /** The index's state marker (a mirror of a table knows whether it is complete). */
  state(): string {
    return `${this.prefix}:state`;
  }

  /** The cross-container rebuild lock (outside {@link pattern}, so a clear does not drop it). */
  rebuildLock(): string {
    return `${this.prefix}-rebuild-lock`;
  }

  /** SCAN pattern that matches every key of this index. */
  pattern(): string {
    return `${this.prefix}:*`;
  }

  #cell(cell: GeoCell): string {
    return `${this.prefix}:{c${cell.id}}`;
  }
}
