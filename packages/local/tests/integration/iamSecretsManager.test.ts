import { DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSecretCache, secretsManagerSource } from '@roadcall/utils/secrets';
import { type SecretsManagerEmulator, startSecretsManager } from '../../src/cloud/iam';

/** The Secrets Manager stand-in against the real SDK client, and the runtime library's own secret path. */
const cursor = {
  arn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:CursorSecretABAE1358-Xy12Zq',
  name: 'CursorSecretABAE1358',
  value: 'k'.repeat(64),
};
const redis = {
  arn: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:RedisAuthToken-Ab34Cd',
  name: 'RedisAuthToken',
  value: JSON.stringify({ password: 'redis-auth' }),
};

let emulator: SecretsManagerEmulator;
let client: SecretsManagerClient;

beforeAll(async () => {
  emulator = await startSecretsManager({ secrets: [cursor, redis] });
  client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    maxAttempts: 1,
  });
});
afterAll(async () => {
  client.destroy();
  await emulator.close();
});

describe('the Secrets Manager stand-in', () => {
  it.each([
    ['full ARN', cursor.arn],
    ['name', cursor.name],
    ['partial ARN (no random suffix)', cursor.arn.slice(0, -7)],
  ])('answers GetSecretValue by %s', async (_how, secretId) => {
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    expect(out).toMatchObject({ ARN: cursor.arn, Name: cursor.name, SecretString: cursor.value, VersionStages: ['AWSCURRENT'] });
    expect(out.VersionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.CreatedDate).toBeInstanceOf(Date);
  });

  it('serves the same version it describes, and refuses another version or stage', async () => {
    const described = await client.send(new DescribeSecretCommand({ SecretId: redis.arn }));
    expect(described).toMatchObject({ ARN: redis.arn, Name: redis.name });
    const [versionId] = Object.keys(described.VersionIdsToStages ?? {});
    expect(described.VersionIdsToStages?.[versionId as string]).toEqual(['AWSCURRENT']);
    expect((await client.send(new GetSecretValueCommand({ SecretId: redis.name, VersionId: versionId }))).SecretString).toBe(redis.value);
    await expect(client.send(new GetSecretValueCommand({ SecretId: redis.name, VersionStage: 'AWSPREVIOUS' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('answers ResourceNotFoundException for an unknown secret, as Secrets Manager does', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
    await expect(client.send(new DescribeSecretCommand({ SecretId: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('lists its secrets', async () => {
    const { SecretList } = await client.send(new ListSecretsCommand({}));
    expect(SecretList?.map((secret) => secret.Name).sort()).toEqual([cursor.name, redis.name].sort());
  });

  it('serves the runtime library secret cache through AWS_ENDPOINT_URL_SECRETS_MANAGER, as a worker reads it', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = emulator.url;
    try {
      const cache = createSecretCache(secretsManagerSource());
      expect(await cache.get(cursor.arn)).toBe(cursor.value);
      expect(JSON.parse(await cache.get(redis.arn))).toEqual({ password: 'redis-auth' });
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
      else process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = saved;
    }
  });
});
