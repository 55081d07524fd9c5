import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ENV, FEATURE_FLAG_MAX_STALENESS_SECONDS, TABLES } from '@roadcall/contracts';
import { documentSdk, dynamoClient, dynamoDocumentClient, dynamodbSdk, sqsClient } from '@roadcall/utils/aws';
import { closeCaches, getCache } from '@roadcall/utils/cache';
import { closePool } from '@roadcall/utils/db';
import { closeRedisClient } from '@roadcall/utils/redis';
import { flaggedMatchingConfig } from '../../../incidents-svc/src/config';
import { readFlags } from '../../src/flags';
import { FLAGS_CACHE_KEY } from '../../src/flags/constants';
import { handler as auditHandler } from '../../src/handlers/auditLog';
import { handler as deleteHandler } from '../../src/handlers/deleteFlag';
import { handler as listHandler } from '../../src/handlers/listFlags';
import { handler as setHandler } from '../../src/handlers/setFlag';
import { apiEvent, call } from '../support/events';

/**
 * Feature flags on the real engines: dynalite (the flags table), Redis (the namespace and its
 * pub/sub). A flags table and cache stage of this file's own: the incidents tests running beside
 * it must not see its flags (their matching reads them).
 */
jest.setTimeout(60_000);
const RUN = randomUUID().slice(0, 8);
process.env[ENV.stage] = `flags-${RUN}`;
process.env[TABLES.flags.envVar] = `roadcall-flags-test-${RUN}`;

const flagEvent = (name: string, role: 'admin' | 'driver', body?: unknown) => ({
  ...apiEvent({ method: body === undefined ? 'DELETE' : 'PUT', role, body }),
  pathParameters: { name },
});

async function clearFlags(): Promise<void> {
  const table = process.env[TABLES.flags.envVar] as string;
  const { Items = [] } = await dynamoDocumentClient().send(new (documentSdk().ScanCommand)({ TableName: table }));
  for (const item of Items)
    await dynamoDocumentClient().send(new (documentSdk().DeleteCommand)({ TableName: table, Key: { name: item.name } }));
  await getCache('featureFlags').invalidateNamespace();
}

beforeAll(async () => {
  await dynamoClient().send(
    new (dynamodbSdk().CreateTableCommand)({
      TableName: process.env[TABLES.flags.envVar],
      AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await clearFlags();
});
afterAll(async () => {
  await dynamoClient().send(new (dynamodbSdk().DeleteTableCommand)({ TableName: process.env[TABLES.flags.envVar] }));
  await closeCaches();
  await Promise.all([closeRedisClient(), closePool()]);
  sqsClient().destroy();
});

it('validates a flag against its catalog entry: unknown 404, wrong kind or bounds 400, non-admins 403', async () => {
  expect((await call(setHandler, flagEvent('matching.nope', 'admin', { value: 1 }))).status).toBe(404);
  const wrongKind = await call<{ error: { code: string; message: string } }>(
    setHandler,
    flagEvent('matching.offerBatchSize', 'admin', { value: true }),
  );
  expect(wrongKind.status).toBe(400);
  expect((await call(setHandler, flagEvent('matching.offerBatchSize', 'admin', { value: 2.5 }))).status).toBe(400);
  expect((await call(setHandler, flagEvent('matching.offerBatchSize', 'admin', { value: 51 }))).status).toBe(400);
  expect((await call(setHandler, flagEvent('matching.radiiKm', 'admin', { value: [] }))).status).toBe(400);
  expect((await call(setHandler, flagEvent('matching.offerBatchSize', 'driver', { value: 2 }))).status).toBe(403);
  expect((await call(listHandler, apiEvent({ role: 'driver' }))).status).toBe(403);
});

it('sets, lists and unsets a flag; matching reads it without a deploy; each change is audited', async () => {
  const set = await call<{ value: number; set: boolean }>(setHandler, flagEvent('matching.offerBatchSize', 'admin', { value: 7 }));
  expect(set).toMatchObject({ status: 200, body: { value: 7, set: true } });
  await call(setHandler, flagEvent('matching.radiiKm', 'admin', { value: [40, 5] }));

  const list = await call<{ flags: Array<{ name: string; value: unknown; set: boolean; updatedBy?: string }> }>(
    listHandler,
    apiEvent({ role: 'admin' }),
  );
  expect(list.body.flags.find((flag) => flag.name === 'matching.offerBatchSize')).toMatchObject({
    value: 7,
    set: true,
    updatedBy: 'user-admin',
  });
  expect(list.body.flags.find((flag) => flag.name === 'matching.paused')).toMatchObject({ value: null, set: false });

  // The incidents service's matching configuration: flags over the env defaults.
  const config = await flaggedMatchingConfig(readFlags, {});
  expect(config.offerBatchSize).toBe(7);
  expect(config.radiiKm).toEqual([5, 40]);

  expect((await call(deleteHandler, flagEvent('matching.offerBatchSize', 'admin'))).status).toBe(200);
  expect((await call(deleteHandler, flagEvent('matching.offerBatchSize', 'admin'))).status).toBe(404);
  expect((await flaggedMatchingConfig(readFlags, {})).offerBatchSize).toBe(3);

  const audit = await call<{ items: Array<{ action: string; subject: string; actor: string }> }>(
    auditHandler,
    apiEvent({ role: 'admin', query: { limit: '10' } }),
  );
  // Other test files record actions too: this file's are the newest flag actions.
  const flagActions = audit.body.items.filter((item) => item.action.startsWith('flag.'));
  expect(flagActions.slice(0, 3).map((item) => `${item.action} ${item.subject} ${item.actor}`)).toEqual([
    'flag.delete matching.offerBatchSize user-admin',
    'flag.set matching.radiiKm user-admin',
    'flag.set matching.offerBatchSize user-admin',
  ]);
});

it(`reaches another container within the documented staleness (${FEATURE_FLAG_MAX_STALENESS_SECONDS} s)`, async () => {
  await call(setHandler, flagEvent('matching.offerBatchSize', 'admin', { value: 4 }));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../support/flagReader.ts')], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  // The iterator buffers lines: the child may print before the next read is awaited (pub/sub can
  // deliver the change while this side still awaits the set handler), and no line may be lost.
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<Record<string, unknown>> => JSON.parse((await iterator.next()).value as string);
  try {
    const ready = await next();
    expect(ready).toMatchObject({ ready: true, before: { 'matching.offerBatchSize': 4 } });
    // The other container now holds 4 in its memory; change it here.
    const changedAt = Date.now();
    await call(setHandler, flagEvent('matching.offerBatchSize', 'admin', { value: 9 }));
    const seen = await next();
    expect(seen.after).toMatchObject({ 'matching.offerBatchSize': 9 });
    expect((seen.seenAt as number) - changedAt).toBeLessThanOrEqual(FEATURE_FLAG_MAX_STALENESS_SECONDS * 1000);
    await once(child, 'exit');
  } finally {
    if (child.exitCode === null) child.kill();
  }
});

it(`a read that loaded the flags before a change and wrote them after it hides the change ${FEATURE_FLAG_MAX_STALENESS_SECONDS} s at most`, async () => {
  await clearFlags();
  // Another reader (matching in some container) scans the table before the change and writes what
  // it saw into the cache after the change dropped the entry: the classic cache-aside race.
  let loading!: () => void;
  const loadStarted = new Promise<void>((resolve) => {
    loading = resolve;
  });
  let release!: () => void;
  const scanned = new Promise<void>((resolve) => {
    release = resolve;
  });
  const racing = getCache('featureFlags').getOrSet(FLAGS_CACHE_KEY, async () => {
    loading();
    await scanned;
    return [];
  });
  await loadStarted;
  expect((await call(setHandler, flagEvent('matching.paused', 'admin', { value: true }))).status).toBe(200);
  release();
  await racing;

  // The stale copy it wrote expires within the documented staleness, whatever happens next.
  const entry = await getCache('featureFlags').inspect(FLAGS_CACHE_KEY);
  expect(entry?.ttlLeftSeconds).not.toBeNull();
  expect(entry?.ttlLeftSeconds).toBeLessThanOrEqual(FEATURE_FLAG_MAX_STALENESS_SECONDS);
  // And the change is read once it has: bounded polling of the real condition.
  const deadline = Date.now() + 3 * FEATURE_FLAG_MAX_STALENESS_SECONDS * 1000;
  let flags = await readFlags();
  while (flags['matching.paused'] !== true && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    flags = await readFlags();
  }
  expect(flags['matching.paused']).toBe(true);
});
