import { PassThrough } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { s3Client } from '@roadcall/utils/aws';
import { bucketName } from '@roadcall/utils/config';
import { DOWNLOAD_URL_TTL_SECONDS } from './constants';
import type { ObjectWriter } from './types';

/** A presigned GET for an object in the exports bucket. */
export async function signDownload(objectKey: string): Promise<string> {
  return getSignedUrl(s3Client(), new GetObjectCommand({ Bucket: bucketName('exports'), Key: objectKey }), {
    expiresIn: DOWNLOAD_URL_TTL_SECONDS,
  });
}

/**
 * Streams text into an object in the exports bucket: a multipart upload (lib-storage) fed by a
 * stream, so memory stays at a few 5 MB parts however large the export grows. `write` waits when
 * the upload falls behind (backpressure); `abort` discards the parts.
 */
export class S3ObjectWriter implements ObjectWriter {
  readonly #stream = new PassThrough();
  readonly #upload: Upload;
  readonly #done: Promise<unknown>;
  #bytes = 0;

  constructor(objectKey: string, contentType: string) {
    this.#upload = new Upload({
      client: s3Client(),
      params: {
        Bucket: bucketName('exports'),
        Key: objectKey,
        Body: this.#stream,
        ContentType: contentType,
        ContentDisposition: `attachment; filename="${objectKey.split('/').pop()}"`,
      },
      queueSize: 4,
      partSize: 5 * 1024 * 1024,
    });
    this.#done = this.#upload.done();
    // Surface an upload failure on the next write/close rather than as an unhandled rejection.
    this.#done.catch(() => undefined);
  }

  get bytes(): number {
    return this.#bytes;
  }

  async write(text: string): Promise<void> {
    this.#bytes += Buffer.byteLength(text);
    if (!this.#stream.write(text)) {
      await Promise.race([new Promise((resolve) => this.#stream.once('drain', resolve)), this.#done]);
    }
  }

  async close(): Promise<void> {
    this.#stream.end();
    await this.#done;
  }

  async abort(): Promise<void> {
    await this.#upload.abort().catch(() => undefined);
    this.#stream.destroy();
  }
}
