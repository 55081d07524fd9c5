import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { decodeSegment } from './body';
import type { InspectedRequest, ServiceMapper } from './types';

/** `/bucket/key/with/slashes` (path-style addressing, which the local clients force). */
function bucketAndKey(rawPath: string): { bucket: string; key: string } {
  const path = rawPath.startsWith('/') ? rawPath.slice(1) : rawPath;
  const slash = path.indexOf('/');
  const bucket = decodeSegment('s3', slash < 0 ? path : path.slice(0, slash));
  const key = slash < 0 ? '' : decodeSegment('s3', path.slice(slash + 1));
  return { bucket, key };
}

const single = (action: string, resource: string): AccessRequest[] => [{ action, resources: [resource] }];

function objectAccess(request: InspectedRequest, bucket: string, key: string): AccessRequest[] {
  const object = `arn:aws:s3:::${bucket}/${key}`;
  const q = request.query;
  const versioned = q.has('versionId');
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      if (q.has('uploadId')) return single('s3:ListMultipartUploadParts', object);
      if (q.has('tagging')) return single(versioned ? 's3:GetObjectVersionTagging' : 's3:GetObjectTagging', object);
      if (q.has('acl')) return single(versioned ? 's3:GetObjectVersionAcl' : 's3:GetObjectAcl', object);
      return single(versioned ? 's3:GetObjectVersion' : 's3:GetObject', object);
    case 'PUT': {
      if (q.has('tagging')) return single('s3:PutObjectTagging', object);
      if (q.has('acl')) return single('s3:PutObjectAcl', object);
      const source = request.headers['x-amz-copy-source'];
      // CopyObject / UploadPartCopy: write the target, read the source.
      if (typeof source === 'string' && source) {
        const [sourcePath = '', sourceQuery = ''] = source.split('?');
        const from = bucketAndKey(sourcePath.startsWith('/') ? sourcePath : `/${sourcePath}`);
        const readAction = new URLSearchParams(sourceQuery).has('versionId') ? 's3:GetObjectVersion' : 's3:GetObject';
        return [...single('s3:PutObject', object), ...single(readAction, `arn:aws:s3:::${from.bucket}/${from.key}`)];
      }
      return single('s3:PutObject', object);
    }
    case 'POST':
      // CreateMultipartUpload (?uploads) and CompleteMultipartUpload (?uploadId) are s3:PutObject.
      return single('s3:PutObject', object);
    case 'DELETE':
      if (q.has('uploadId')) return single('s3:AbortMultipartUpload', object);
      if (q.has('tagging')) return single('s3:DeleteObjectTagging', object);
      return single(versioned ? 's3:DeleteObjectVersion' : 's3:DeleteObject', object);
    default:
      throw new GateRequestError(
        's3',
        405,
        'MethodNotAllowed',
        `The specified method is not allowed against this resource: ${request.method}`,
      );
  }
}

/** DeleteObjects (`POST /bucket?delete`): `s3:DeleteObject` on every key of the XML body. */
function deleteObjects(request: InspectedRequest, bucket: string): AccessRequest[] {
  const xml = request.body?.toString('utf8') ?? '';
  const keys = [...xml.matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((match) =>
    (match[1] as string)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&'),
  );
  if (keys.length === 0)
    throw new GateRequestError(
      's3',
      400,
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  return [{ action: 's3:DeleteObject', resources: keys.map((key) => `arn:aws:s3:::${bucket}/${key}`) }];
}

function bucketAccess(request: InspectedRequest, bucket: string): AccessRequest[] {
  const arn = `arn:aws:s3:::${bucket}`;
  const q = request.query;
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      if (q.has('uploads')) return single('s3:ListBucketMultipartUploads', arn);
      if (q.has('location')) return single('s3:GetBucketLocation', arn);
      if (q.has('versions')) return single('s3:ListBucketVersions', arn);
      if (q.has('policy')) return single('s3:GetBucketPolicy', arn);
      return single('s3:ListBucket', arn);
    case 'PUT':
      return single('s3:CreateBucket', arn);
    case 'DELETE':
      return single('s3:DeleteBucket', arn);
    case 'POST':
      if (q.has('delete')) return deleteObjects(request, bucket);
      throw new GateRequestError('s3', 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource: POST');
    default:
      throw new GateRequestError(
        's3',
        405,
        'MethodNotAllowed',
        `The specified method is not allowed against this resource: ${request.method}`,
      );
  }
}

/**
 * S3 (REST, path-style): object calls on `arn:aws:s3:::bucket/key`, bucket calls on
 * `arn:aws:s3:::bucket`, ListBuckets on `*`. Multipart uploads are `s3:PutObject`; CopyObject
 * needs `s3:PutObject` on the target and `s3:GetObject` on the source.
 */
export const s3Mapper: ServiceMapper = {
  // Object bodies are streamed through; only DeleteObjects' key list is read.
  readsBody: (request) => request.method === 'POST' && request.query.has('delete'),
  map(request: InspectedRequest): AccessRequest[] {
    const { bucket, key } = bucketAndKey(request.rawPath);
    if (bucket === '') return single('s3:ListAllMyBuckets', '*');
    return key === '' ? bucketAccess(request, bucket) : objectAccess(request, bucket, key);
  },
};
