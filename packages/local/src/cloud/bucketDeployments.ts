import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssemblyError } from './errors';
import type { AssemblyModel } from './model';

type Json = Record<string, unknown>;

/** What S3 is told an object is (CDK's provider guesses from the extension the same way). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.txt': 'text/plain',
  '.ico': 'image/x-icon',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The asset folder a `<hash>.zip` source key stands for, from the stack's asset manifest. */
function assetFolder(model: AssemblyModel, stack: string, objectKey: string): string {
  const hash = objectKey.replace(/\.zip$/, '');
  const manifest = join(model.assembly.dir, `${stack}.assets.json`);
  const files = existsSync(manifest) ? ((JSON.parse(readFileSync(manifest, 'utf8')) as Json).files as Json | undefined) : undefined;
  const source = (files?.[hash] as { source?: { path?: string; packaging?: string } } | undefined)?.source;
  const folder = source?.path ? join(model.assembly.dir, source.path) : join(model.assembly.dir, `asset.${hash}`);
  if (source?.packaging === 'file' || !existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new AssemblyError(`${stack}: the bucket deployment's source ${objectKey} is not an asset folder of the assembly`);
  }
  return folder;
}

/**
 * Plays CDK's `BucketDeployment` custom resources (`Custom::CDKBucketDeployment`) as a deploy
 * runs them: each source asset's files are put into the destination bucket under the key prefix,
 * with the source markers (deploy-time values inside `Source.data`/`jsonData`) replaced by their
 * resolved values. Returns the number of objects written. Invalidation has nothing to do locally
 * (the edge does not cache).
 *
 * @example
 * await runBucketDeployments(model, { endpoint: engines.endpoints.sqs });
 */
export async function runBucketDeployments(model: AssemblyModel, s3Options: { readonly endpoint: string }): Promise<number> {
  const deployments = model.resourcesOfType('Custom::CDKBucketDeployment');
  if (deployments.length === 0) return 0;
  const s3 = new S3Client({
    region: model.region,
    endpoint: s3Options.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  let written = 0;
  try {
    for (const { stack, resource } of deployments) {
      const properties = resource.Properties ?? {};
      const bucket = String(model.resolve(stack, properties.DestinationBucketName));
      const prefix =
        properties.DestinationBucketKeyPrefix === undefined ? '' : String(model.resolve(stack, properties.DestinationBucketKeyPrefix));
      const keys = (properties.SourceObjectKeys as string[] | undefined) ?? [];
      const markers = (properties.SourceMarkers as unknown[] | undefined) ?? [];
      const markerConfig = (properties.SourceMarkersConfig as Array<{ jsonEscape?: boolean }> | undefined) ?? [];
      for (const [index, objectKey] of keys.entries()) {
        const folder = assetFolder(model, stack, objectKey);
        const replacements = Object.entries((model.resolve(stack, markers[index] ?? {}) as Record<string, unknown>) ?? {}).map(
          ([marker, value]) =>
            [marker, markerConfig[index]?.jsonEscape ? JSON.stringify(String(value)).slice(1, -1) : String(value)] as const,
        );
        for (const file of filesUnder(folder)) {
          let body: Buffer | string = readFileSync(file);
          if (replacements.length > 0) {
            let text = body.toString('utf8');
            for (const [marker, value] of replacements) text = text.split(marker).join(value);
            body = text;
          }
          await s3.send(
            new PutObjectCommand({
              Bucket: bucket,
              Key: `${prefix}${relative(folder, file).split('\\').join('/')}`,
              Body: body,
              ContentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
            }),
          );
          written++;
        }
      }
    }
  } finally {
    s3.destroy();
  }
  return written;
}
