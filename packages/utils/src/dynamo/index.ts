export { type BackoffOptions, backoffDelay, sleep } from './backoff';
export { type BatchWriteClient, type BatchWriteOptions, type BatchWriteResult, batchWrite, type WriteRequest } from './batchWrite';
export { BACKOFF_BASE_MS, BACKOFF_CAP_MS, BATCH_WRITE_MAX_ATTEMPTS, BATCH_WRITE_MAX_ITEMS } from './constants';
export { type BatchFn, type ItemFailure, type SettledBatches, settleInBatches } from './settle';
