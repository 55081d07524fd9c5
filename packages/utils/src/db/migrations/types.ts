/** One forward-only schema change. Its `sql` runs in one transaction with its bookkeeping row. */
export interface Migration {
  /** Sortable, unique, never renamed: `0001_payments`. */
  readonly id: string;
  readonly description: string;
  readonly sql: string;
}

/** What a migration run did. */
export interface MigrationReport {
  readonly applied: ReadonlyArray<string>;
  readonly alreadyApplied: ReadonlyArray<string>;
  readonly durationMs: number;
}
