/** One item that could not be processed, and why. */
export interface ItemFailure<T> {
  readonly item: T;
  readonly error: string;
}

/** The outcome of {@link settleInBatches}: every item ends either succeeded or failed. */
export interface SettledBatches<T> {
  readonly succeeded: number;
  readonly failed: ReadonlyArray<ItemFailure<T>>;
}

/**
 * What a batch function reports: the items of the batch that failed (the rest succeeded). It may
 * also throw, which fails the whole batch and no other.
 */
export type BatchFn<T> = (batch: ReadonlyArray<T>, index: number) => Promise<ReadonlyArray<ItemFailure<T>> | undefined>;

/**
 * Processes items in batches of `size`, settling each batch: a batch's failures (reported or
 * thrown) are collected per item and the remaining batches continue. Batches run one after the
 * other, or `concurrency` at a time, in order of their index.
 *
 * @example
 * const { succeeded, failed } = await settleInBatches(vendors, 25, async (batch) => {
 *   const result = await batchWrite(client, table, batch.map(toPut));
 *   return result.failed;
 * });
 */
export async function settleInBatches<T>(
  items: ReadonlyArray<T>,
  size: number,
  fn: BatchFn<T>,
  options: { readonly concurrency?: number } = {},
): Promise<SettledBatches<T>> {
  if (size < 1) throw new RangeError('Batch size must be at least 1');
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  const failed: ItemFailure<T>[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const index = next++;
      const batch = batches[index] as T[];
      try {
        const failures = (await fn(batch, index)) ?? [];
        failed.push(...failures);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        for (const item of batch) failed.push({ item, error: message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, batches.length)) }, worker));
  return { succeeded: items.length - failed.length, failed };
}
