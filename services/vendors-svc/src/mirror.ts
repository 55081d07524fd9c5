import type { GeoIndex, GeoIndexState } from '@roadcall/utils/geo';
import { logger } from '@roadcall/utils/logger';
import {
  INDEX_CONNECT_TIMEOUT_MS,
  INDEX_REBUILD_LOCK_MS,
  INDEX_SCAN_PAGE,
  INDEX_SEARCH_TIMEOUT_MS,
  INDEX_STATE_CHECK_MS,
} from './constants';
import { toGeoMember } from './geo';
import type { CellScanPage } from './repository/cellIndex';
import type { VendorSummary } from './types';

/** byCell attribute backfills in flight during a reconcile. */
const BACKFILL_CONCURRENCY = 25;

/** Where the vendors table is read from, page by page (rebuild and reconcile). */
export interface VendorTablePages {
  scanPage(limit: number, startKey?: Record<string, unknown>): Promise<CellScanPage>;
  /** Rewrites an item's byCell attributes when its location/availability changed around the repository. */
  repair(vendor: CellScanPage['vendors'][number]): Promise<boolean>;
}

/** What a search may read now: the index, or (Redis down, index lost or being rebuilt) the table. */
export type IndexMode = { readonly use: 'index' } | { readonly use: 'table'; readonly reason: 'redis-unavailable' | 'index-rebuilding' };

/** What a rebuild did. `skipped`: another container holds the lock. */
export interface RebuildResult {
  readonly rebuilt: boolean;
  /** Vendors read from the table. */
  readonly indexed: number;
  /** Of those, vendors whose index entry was missing or different (loaded or rewritten). */
  readonly written: number;
}

/** What a reconcile did. */
export interface ReconcileResult {
  readonly mode: 'rebuilt' | 'repaired' | 'skipped';
  /** Vendors compared with the index. */
  readonly checked: number;
  /** Vendors whose index entry differed from the table and was rewritten. */
  readonly repaired: number;
  /** Items whose byCell attributes were stale and were rewritten. */
  readonly backfilled: number;
  /** Cells whose entries changed (their cached searches were purged). */
  readonly cells: ReadonlyArray<string>;
  readonly repairedIds: ReadonlyArray<string>;
}

export interface GeoIndexMirrorOptions {
  readonly index: GeoIndex<VendorSummary>;
  readonly table: VendorTablePages;
  /** Called after the index changed in bulk (rebuild) or per cell (reconcile): purge cached searches. */
  readonly onRebuilt?: () => Promise<void>;
  readonly onRepaired?: (cells: ReadonlyArray<string>, vendorIds: ReadonlyArray<string>) => Promise<void>;
  readonly clock?: () => number;
  readonly checkIntervalMs?: number;
}

/**
 * The Redis geo index as what it is: a mirror of the vendors table. It knows whether it is
 * complete (a state marker written last by a full build), rebuilds itself in the background when
 * it is not (once across containers: a Redis lock), and repairs drift on a schedule (vendors that
 * changed while Redis was away). Searches ask {@link mode} first: one HGETALL at most once a
 * second per container, nothing at all while the client is disconnected.
 *
 * @example
 * const mirror = new GeoIndexMirror({ index, table: new VendorCellIndex() });
 * if ((await mirror.mode()).use === 'table') { ... } // answer from the table's byCell index
 */
export class GeoIndexMirror {
  readonly #options: GeoIndexMirrorOptions;
  readonly #clock: () => number;
  readonly #interval: number;
  #checked: { at: number; mode: IndexMode } | undefined;
  #rebuilding: Promise<RebuildResult> | undefined;
  #reconciling: Promise<ReconcileResult> | undefined;
  /** An index write failed (Redis away): reconcile when it is back, don't wait for the schedule. */
  #missedWrites = false;

  constructor(options: GeoIndexMirrorOptions) {
    this.#options = options;
    this.#clock = options.clock ?? Date.now;
    this.#interval = options.checkIntervalMs ?? INDEX_STATE_CHECK_MS;
  }

  get index(): GeoIndex<VendorSummary> {
    return this.#options.index;
  }

  /**
   * Whether searches may read the index now. Starts a background rebuild when the index has no
   * `ready` marker, and a background reconcile when this container missed index writes. Never
   * throws and never waits on a disconnected Redis.
   */
  async mode(): Promise<IndexMode> {
    const { index } = this.#options;
    if (!index.reachable()) return this.#remember({ use: 'table', reason: 'redis-unavailable' });
    const now = this.#clock();
    if (this.#checked && now - this.#checked.at < this.#interval) return this.#checked.mode;
    let state: GeoIndexState | undefined;
    try {
      state = await withTimeout(index.readState(), index.connected() ? INDEX_SEARCH_TIMEOUT_MS : INDEX_CONNECT_TIMEOUT_MS);
    } catch {
      return this.#remember({ use: 'table', reason: 'redis-unavailable' });
    }
    if (state?.status !== 'ready') {
      this.#background(() => this.rebuild());
      return this.#remember({ use: 'table', reason: 'index-rebuilding' });
    }
    if (this.#missedWrites) {
      this.#missedWrites = false;
      this.#background(() => this.reconcile());
    }
    return this.#remember({ use: 'index' });
  }

  /** A search or write on the index failed: answer from the table until the next check. */
  reportFailure(error: unknown): void {
    logger.warn('Geo index unavailable: answering from the vendors table', { error: error as Error });
    this.#remember({ use: 'table', reason: 'redis-unavailable' });
  }

  /**
   * An index write was lost or is late (Redis away or slow): the index may now differ from the
   * table, so this container reconciles at its next check that finds the index ready (the
   * schedule does it anyway). Searches are not moved to the table for it: a disconnected Redis
   * already sends them there, and a slow write may still land.
   */
  reportMissedWrite(error: unknown): void {
    this.#missedWrites = true;
    logger.warn('Geo index write missed: the reconcile will repair it', { error: error as Error });
  }

  /**
   * Full rebuild from the table, unless another container holds the lock: marks the index
   * `building`, brings every vendor's entry in line with the table (loads the missing, rewrites
   * the different; nothing is cleared, so a concurrent reader or writer never sees keys vanish),
   * writes the `ready` marker last. Searches read the table until then (no partial answers).
   * Concurrent calls in one container share one run.
   */
  rebuild(): Promise<RebuildResult> {
    this.#rebuilding ??= this.#rebuild().finally(() => {
      this.#rebuilding = undefined;
    });
    return this.#rebuilding;
  }

  /**
   * The scheduled repair: rebuilds when the index has no `ready` marker; otherwise compares every
   * vendor of the table with its index entry, rewrites those that differ (moved, availability,
   * services, profile while Redis was away) and backfills stale byCell attributes of the table.
   */
  reconcile(): Promise<ReconcileResult> {
    this.#reconciling ??= this.#reconcile().finally(() => {
      this.#reconciling = undefined;
    });
    return this.#reconciling;
  }

  async #rebuild(): Promise<RebuildResult> {
    const { index, table } = this.#options;
    const token = await index.tryLock(INDEX_REBUILD_LOCK_MS);
    if (!token) return { rebuilt: false, indexed: 0, written: 0 };
    const started = this.#clock();
    try {
      await index.writeState({ status: 'building', generation: started, count: 0, at: new Date(started).toISOString() });
      let indexed = 0;
      let written = 0;
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await table.scanPage(INDEX_SCAN_PAGE, startKey);
        written += (await index.sync(page.vendors.map(toGeoMember))).changed.length;
        indexed += page.vendors.length;
        startKey = page.lastKey;
        if (!(await index.extendLock(token, INDEX_REBUILD_LOCK_MS))) throw new Error('Lost the geo index rebuild lock');
      } while (startKey);
      await index.writeState({ status: 'ready', generation: started, count: indexed, at: new Date(this.#clock()).toISOString() });
      this.#checked = undefined;
      await this.#options.onRebuilt?.();
      logger.info('Geo index rebuilt from the vendors table', { indexed, written, ms: this.#clock() - started });
      return { rebuilt: true, indexed, written };
    } finally {
      await index.unlock(token).catch(() => undefined);
    }
  }

  async #reconcile(): Promise<ReconcileResult> {
    const { index, table } = this.#options;
    const state = await index.readState();
    if (state?.status !== 'ready') {
      const result = await this.rebuild();
      return {
        mode: result.rebuilt ? 'rebuilt' : 'skipped',
        checked: result.indexed,
        repaired: 0,
        backfilled: 0,
        cells: [],
        repairedIds: [],
      };
    }
    let checked = 0;
    let backfilled = 0;
    const cells = new Set<string>();
    const repairedIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await table.scanPage(INDEX_SCAN_PAGE, startKey);
      checked += page.vendors.length;
      // 25 at a time: the first run after the byCell index is added backfills every item.
      for (let start = 0; start < page.stale.length; start += BACKFILL_CONCURRENCY) {
        const repaired = await Promise.all(page.stale.slice(start, start + BACKFILL_CONCURRENCY).map((vendor) => table.repair(vendor)));
        backfilled += repaired.filter(Boolean).length;
      }
      const synced = await index.sync(page.vendors.map(toGeoMember));
      for (const cell of synced.cells) cells.add(cell);
      repairedIds.push(...synced.changed);
      startKey = page.lastKey;
    } while (startKey);
    if (repairedIds.length > 0) {
      await this.#options.onRepaired?.([...cells], repairedIds);
      logger.warn('Geo index drifted from the vendors table: repaired', { repaired: repairedIds.length, checked });
    }
    return { mode: 'repaired', checked, repaired: repairedIds.length, backfilled, cells: [...cells], repairedIds };
  }

  #background(run: () => Promise<unknown>): void {
    run().catch((error: unknown) => logger.warn('Geo index repair failed; the schedule will retry', { error: error as Error }));
  }

  #remember(mode: IndexMode): IndexMode {
    this.#checked = { at: this.#clock(), mode };
    return mode;
  }
}

/** The promise, or a rejection after `ms` (the late promise's own failure is ignored). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
