import { BucketAlreadyOwnedByYou, CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';

/** Creates the buckets (an existing one is kept). */
export async function createBuckets(client: S3Client, names: ReadonlyArray<string>): Promise<void> {
  await Promise.all(
    names.map(async (name) => {
      try {
        await client.send(new CreateBucketCommand({ Bucket: name }));
      } catch (error) {
        if (!(error instanceof BucketAlreadyOwnedByYou) && (error as Error).name !== 'BucketAlreadyExists') throw error;
      }
    }),
  );
}
