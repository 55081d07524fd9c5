import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { readSignature } from '../../src/cloud/iam';
import { signatureMatches } from '../../src/cloud/iam/verify';

const credentials = { accessKeyId: 'AKIDVENDORSGET', secretAccessKey: 'vendors-get-secret' };

/** Signs like the SDK does, then hands the gate what would arrive on the wire. */
async function signed(service: string, body: string, path = '/') {
  const signer = new SignatureV4({
    credentials,
    region: 'us-east-1',
    service,
    sha256: Hash.bind(null, 'sha256'),
    uriEscapePath: service !== 's3',
  });
  const request = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: '127.0.0.1',
    port: 4566,
    path,
    query: { a: 'x y' },
    headers: { host: '127.0.0.1:4566', 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.GetItem' },
    body,
  });
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { method: 'POST', rawPath: path, query: new URLSearchParams('a=x%20y'), headers, body: Buffer.from(body) };
}

describe('SigV4: the caller and the service come from the credential scope', () => {
  it('reads an Authorization header', async () => {
    const arrived = await signed('dynamodb', '{"TableName":"jobs"}');
    const reading = readSignature(arrived.headers, arrived.query);
    expect(reading).toMatchObject({ kind: 'signed', scope: { accessKeyId: 'AKIDVENDORSGET', service: 'dynamodb', region: 'us-east-1' } });
  });

  it('reads a presigned URL', () => {
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIDJOBS/20261130/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20261130T120000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': 'ab12',
    });
    expect(readSignature({}, query)).toMatchObject({
      kind: 'signed',
      scope: { accessKeyId: 'AKIDJOBS', service: 's3', presignedExpiresSeconds: 900 },
    });
  });

  it('tells unsigned from malformed', () => {
    expect(readSignature({}, new URLSearchParams())).toEqual({ kind: 'unsigned' });
    expect(readSignature({ authorization: 'AWS4-HMAC-SHA256 Credential=AK/2026/us-east-1' }, new URLSearchParams()).kind).toBe('malformed');
    expect(readSignature({ authorization: 'Bearer abc' }, new URLSearchParams()).kind).toBe('malformed');
  });
});

describe('SigV4 verification with the principal secret', () => {
  it('accepts what the SDK signer produced, for JSON and S3-style services', async () => {
    for (const [service, path] of [
      ['dynamodb', '/'],
      ['lambda', `/2015-03-31/functions/${encodeURIComponent('arn:aws:lambda:us-east-1:0:function:f')}/invocations`],
      ['s3', '/exports/a%20b.csv'],
    ] as const) {
      const arrived = await signed(service, '{"TableName":"jobs"}', path);
      const reading = readSignature(arrived.headers, arrived.query);
      if (reading.kind !== 'signed') throw new Error('not signed');
      await expect(signatureMatches(arrived, reading.scope, credentials.secretAccessKey)).resolves.toBe(true);
    }
  });

  it('refuses another secret, a changed body, and a changed signed header', async () => {
    const arrived = await signed('dynamodb', '{"TableName":"jobs"}');
    const reading = readSignature(arrived.headers, arrived.query);
    if (reading.kind !== 'signed') throw new Error('not signed');
    await expect(signatureMatches(arrived, reading.scope, 'another-secret')).resolves.toBe(false);
    await expect(
      signatureMatches({ ...arrived, body: Buffer.from('{"TableName":"vendors"}') }, reading.scope, credentials.secretAccessKey),
    ).resolves.toBe(false);
    await expect(
      signatureMatches(
        { ...arrived, headers: { ...arrived.headers, 'x-amz-target': 'DynamoDB_20120810.DeleteItem' } },
        reading.scope,
        credentials.secretAccessKey,
      ),
    ).resolves.toBe(false);
  });
});
