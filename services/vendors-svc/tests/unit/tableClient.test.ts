import { readFileSync } from 'node:fs';
import { ENV } from '@roadcall/contracts';
import {
  closeVendorTableClient,
  type DaxTableClient,
  DynamoVendorRepository,
  type Vendor,
  VendorExistsError,
  VendorNotFoundError,
  vendorTableClient,
} from '../../src';
import { DAX_ERRORS, type DaxMethod, type DaxNode, startDaxNode } from '../support/daxNode';

/**
 * The repository on the REAL lib-dax client (no fake: a fake accepted `send`, which DAX 3.1
 * refuses, and every vendor call answered 500 in AWS). DAX has no local engine, so the client
 * talks to a one-node DAX stub on a local socket (tests/support/daxNode.ts): discovery, auth and
 * key schema are answered, and each operation is recorded and answered with a DAX error. Every
 * repository method must reach the wire as its DAX operation, and the node's conditional-check
 * failures must map to 409 / 404 as they do on DynamoDB.
 */
describe('DynamoVendorRepository over the real DAX client', () => {
  const TABLE = 'vendors-table';
  const vendor: Vendor = {
    vendorId: 'vendor-dax-1',
    name: 'Through DAX',
    services: ['towing'],
    location: { lat: 37.77, lon: -122.42 },
    rating: 4.5,
    available: true,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const savedEnv = { ...process.env };
  let node: DaxNode;
  let repo: DynamoVendorRepository;

  const sandboxError = globalThis.Error;

  beforeAll(async () => {
    // lib-dax rejects by emitting 'error' on an EventEmitter: Node's core `events` rethrows the
    // error itself only if it is `instanceof` its own realm's Error, else wraps it in
    // ERR_UNHANDLED_ERROR. Jest runs this file in a vm context with an Error of its own, so lib-dax
    // (loaded below) must extend Node's Error, as it does in Lambda, or every DAX error arrives
    // wrapped and the repository cannot map it.
    globalThis.Error = nodeRealmError();
    // DAX signs its connection (SigV4): any credentials do for the local node.
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    node = await startDaxNode({
      hashKey: 'vendorId',
      errorFor: (method: DaxMethod) =>
        method === 'putItem' || method === 'updateItem' ? DAX_ERRORS.conditionalCheckFailed : DAX_ERRORS.resourceNotFound,
    });
    const client = await vendorTableClient({ [ENV.daxEndpoint]: node.endpoint, [ENV.region]: 'eu-west-1' });
    expect(client.constructor.name).toBe('DaxDocument');
    repo = new DynamoVendorRepository(client, TABLE);
  });
  afterAll(async () => {
    closeVendorTableClient(); // stops DAX discovery, else jest never exits
    await node.close();
    process.env = savedEnv;
    globalThis.Error = sandboxError;
  });

  /** Runs one repository call; returns the error and the operations it put on the wire. */
  async function onTheWire(call: () => Promise<unknown>): Promise<{ error: unknown; methods: DaxMethod[]; bytes: Buffer }> {
    const before = node.operations.length;
    const error = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    const sent = node.operations.slice(before);
    return { error, methods: sent.map((op) => op.method), bytes: Buffer.concat(sent.map((op) => op.bytes)) };
  }

  it('get is a DAX GetItem for the key', async () => {
    const { error, methods, bytes } = await onTheWire(() => repo.get(vendor.vendorId));
    expect(methods[0]).toBe('getItem');
    expect(bytes.includes(TABLE)).toBe(true);
    expect(bytes.includes(vendor.vendorId)).toBe(true);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException' });
  });

  it('create is a conditional DAX PutItem; a failed condition is VendorExistsError (409)', async () => {
    const { error, methods, bytes } = await onTheWire(() => repo.create(vendor));
    expect(methods).toEqual(['putItem']);
    expect(bytes.includes('Through DAX')).toBe(true);
    expect(error).toBeInstanceOf(VendorExistsError);
  });

  it('update is a conditional DAX UpdateItem; a failed condition is VendorNotFoundError (404)', async () => {
    const { error, methods, bytes } = await onTheWire(() => repo.update(vendor.vendorId, { available: false }, '2026-01-02T00:00:00.000Z'));
    expect(methods).toEqual(['updateItem']);
    expect(bytes.includes('2026-01-02T00:00:00.000Z')).toBe(true);
    expect(error).toBeInstanceOf(VendorNotFoundError);
  });

  it('list is a DAX Scan, with and without a start key', async () => {
    const first = await onTheWire(() => repo.list({ limit: 10 }));
    expect(first.methods[0]).toBe('scan');
    expect(first.error).toMatchObject({ code: 'ResourceNotFoundException' });
    const next = await onTheWire(() => repo.list({ limit: 10, startKey: 'vendor-000042' }));
    expect(next.methods[0]).toBe('scan');
    expect(next.bytes.includes('vendor-000042')).toBe(true);
  });

  it('putMany is a DAX BatchWriteItem', async () => {
    const { error, methods, bytes } = await onTheWire(() => repo.putMany([vendor, { ...vendor, vendorId: 'vendor-dax-2' }]));
    expect(methods[0]).toBe('batchWriteItem');
    expect(bytes.includes('vendor-dax-2')).toBe(true);
    expect(error).toMatchObject({ code: 'ResourceNotFoundException' });
  });
});

/** The Error constructor of Node's own realm: that of an error Node's core creates. */
function nodeRealmError(): ErrorConstructor {
  try {
    readFileSync('/nonexistent/roadcall');
  } catch (error) {
    return (error as Error).constructor as ErrorConstructor;
  }
  throw new Error('readFileSync of a missing file did not throw');
}

describe('vendorTableClient', () => {
  afterEach(() => closeVendorTableClient());

  it('uses DAX when DAX_ENDPOINT is set, and shuts it down on close', async () => {
    const shutdown = jest.fn();
    const dax = { shutdown } as unknown as DaxTableClient;
    const factory = jest.fn(async () => dax);
    const client = await vendorTableClient({ [ENV.daxEndpoint]: 'daxs://cluster.example:9111', [ENV.region]: 'eu-west-1' }, factory);
    expect(factory).toHaveBeenCalledWith('daxs://cluster.example:9111', 'eu-west-1');
    expect(client).toBe(dax);
    closeVendorTableClient();
    expect(shutdown).toHaveBeenCalledTimes(1);
  });

  it('uses the aggregated DynamoDB document client without DAX_ENDPOINT', async () => {
    const factory = jest.fn();
    const client = await vendorTableClient({}, factory);
    expect(factory).not.toHaveBeenCalled();
    expect(client.constructor.name).toBe('DynamoDBDocument');
  });
});
