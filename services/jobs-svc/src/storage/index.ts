/**
 * The exports bucket: presigned download links and streamed uploads.
 *
 * The S3 implementation (`./s3`: client-s3, lib-storage, s3-request-presigner) is imported on
 * first use. Most jobs requests never touch S3 (only a finished export's link is signed, and
 * only the export and report processors write), and requiring those three packages costs
 * 25-75 ms of module init in every jobs function (`pnpm bench coldstart`).
 */
import type { ObjectWriter } from './types';

export { DOWNLOAD_URL_TTL_SECONDS } from './constants';
export type { ObjectWriter } from './types';

let s3: Promise<typeof import('./s3')> | undefined;

function loadS3(): Promise<typeof import('./s3')> {
  // A failed import (should never happen) is retried by the next call rather than cached.
  s3 ??= import('./s3').catch((error: unknown) => {
    s3 = undefined;
    throw error;
  });
  return s3;
}

/**
 * A presigned GET for an object in the exports bucket, valid {@link DOWNLOAD_URL_TTL_SECONDS}.
 *
 * @example
 * const url = await signDownload(job.result.objectKey);
 */
export async function signDownload(objectKey: string): Promise<string> {
  return (await loadS3()).signDownload(objectKey);
}

/**
 * Starts a streamed multipart upload of one object in the exports bucket.
 *
 * @example
 * const writer = await openObjectWriter(`exports/${userId}/${jobId}.csv`, 'text/csv; charset=utf-8');
 * try {
 *   await writer.write('a,b\n');
 *   await writer.close();
 * } catch (error) {
 *   await writer.abort();
 *   throw error;
 * }
 */
export async function openObjectWriter(objectKey: string, contentType: string): Promise<ObjectWriter> {
  const { S3ObjectWriter } = await loadS3();
  return new S3ObjectWriter(objectKey, contentType);
}
