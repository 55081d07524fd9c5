import { createServer, type Server, type Socket } from 'node:net';

/**
 * A one-node DAX cluster on 127.0.0.1, just enough of the DAX wire protocol (CBOR over TCP) for the
 * real lib-dax client to run its whole request path: cluster discovery, authentication, key
 * schema and attribute-list lookups, then the operation itself, encoded and sent. Each operation
 * is recorded and answered with the DAX error chosen for it, so a test sees what the client put on
 * the wire and how it reports the node's answer. DAX has no local engine; this is not one either.
 */

/** The DAX method ids (`generated-src/Stubs.js` of @amazon-dax-sdk/client-dax 3.1). */
const METHODS = {
  authorizeConnection: 1489122155,
  endpoints: 455855874,
  defineKeySchema: -742646399,
  defineAttributeListId: -1230579644,
  getItem: 263244906,
  putItem: -2106490455,
  updateItem: 1425579023,
  deleteItem: 1013539361,
  query: -931250863,
  scan: -1875390620,
  batchGetItem: -697851100,
  batchWriteItem: 116217951,
} as const;

export type DaxMethod = keyof typeof METHODS;
const OPERATIONS = new Set<DaxMethod>([
  'getItem',
  'putItem',
  'updateItem',
  'deleteItem',
  'query',
  'scan',
  'batchGetItem',
  'batchWriteItem',
]);

/** DAX error code sequences (client-dax `DaxServiceError._pickError`). */
export const DAX_ERRORS = {
  conditionalCheckFailed: [4, 37, 38, 39, 43],
  resourceNotFound: [4, 37, 38, 39, 41],
} as const;

/** What the node saw: each operation's method and the raw request bytes that followed its id. */
export interface RecordedOperation {
  readonly method: DaxMethod;
  readonly bytes: Buffer;
}

export interface DaxNode {
  readonly endpoint: string;
  readonly operations: RecordedOperation[];
  close(): Promise<void>;
}

// --- minimal CBOR (RFC 8949) for the replies ---
function head(major: number, n: number): Buffer {
  if (n < 24) return Buffer.from([(major << 5) | n]);
  if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
  if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(n, 1);
  return b;
}
const cborInt = (n: number): Buffer => (n >= 0 ? head(0, n) : head(1, -1 - n));
const cborText = (s: string): Buffer => Buffer.concat([head(3, Buffer.byteLength(s)), Buffer.from(s)]);
const cborBytes = (b: Buffer): Buffer => Buffer.concat([head(2, b.length), b]);
const cborArray = (items: Buffer[]): Buffer => Buffer.concat([head(4, items.length), ...items]);
const cborMap = (entries: Array<[Buffer, Buffer]>): Buffer => Buffer.concat([head(5, entries.length), ...entries.flat()]);
const CBOR_NULL = Buffer.from([0xf6]);
/** A DAX success reply starts with an empty array. */
const SUCCESS = cborArray([]);

/** A request is `1` (the service) then the method id. */
const REQUEST_HEADS = (Object.entries(METHODS) as Array<[DaxMethod, number]>).map(([method, id]) => ({
  method,
  head: Buffer.concat([cborInt(1), cborInt(id)]),
}));

/**
 * Starts the node. `hashKey` is the one key attribute every table has (type S); `errorFor` picks
 * the DAX error each operation is answered with.
 *
 * @example
 * const node = await startDaxNode({ hashKey: 'vendorId', errorFor: () => DAX_ERRORS.resourceNotFound });
 */
export function startDaxNode(options: { hashKey: string; errorFor: (method: DaxMethod) => ReadonlyArray<number> }): Promise<DaxNode> {
  const operations: RecordedOperation[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      // Requests arrive whole or split; answer each method id once, in order.
      for (;;) {
        let next: { method: DaxMethod; at: number; length: number } | undefined;
        for (const { method, head: h } of REQUEST_HEADS) {
          const at = pending.indexOf(h);
          if (at >= 0 && (!next || at < next.at)) next = { method, at, length: h.length };
        }
        if (!next) return;
        const rest = pending.subarray(next.at + next.length);
        pending = rest;
        const reply = answer(next.method, rest);
        if (reply) socket.write(reply);
      }
    });
  });

  const answer = (method: DaxMethod, rest: Buffer): Buffer | undefined => {
    const { port } = server.address() as { port: number };
    switch (method) {
      case 'authorizeConnection':
        return undefined; // DAX does not answer authentication
      case 'endpoints': // one node, the leader (role 1): ourselves
        return Buffer.concat([
          SUCCESS,
          cborArray([
            cborArray([
              cborInt(1),
              cborText('localhost'),
              cborBytes(Buffer.from([127, 0, 0, 1])),
              cborInt(port),
              cborInt(1),
              cborText('local'),
              cborInt(1),
            ]),
          ]),
        ]);
      case 'defineKeySchema':
        return Buffer.concat([SUCCESS, cborMap([[cborText(options.hashKey), cborText('S')]])]);
      case 'defineAttributeListId':
        return Buffer.concat([SUCCESS, cborInt(1)]);
      default:
        if (!OPERATIONS.has(method)) return undefined;
        operations.push({ method, bytes: Buffer.from(rest) });
        return Buffer.concat([
          cborArray(options.errorFor(method).map(cborInt)),
          cborText(`${method} answered by the test node`),
          CBOR_NULL,
        ]);
    }
  };

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        endpoint: `dax://127.0.0.1:${port}`,
        operations,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
