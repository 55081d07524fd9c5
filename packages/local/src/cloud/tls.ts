import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer, TLSSocket } from 'node:tls';
import { generate } from 'selfsigned';
import { LOCAL_TLS_HOST } from './constants';

/** A certificate authority of this run and a server certificate it signed for the local host name. */
export interface LocalCertificates {
  /** PEM of the CA: workers trust it through NODE_EXTRA_CA_CERTS. */
  readonly caPem: string;
  /** File holding caPem (for NODE_EXTRA_CA_CERTS). */
  readonly caFile: string;
  readonly key: string;
  readonly cert: string;
  remove(): Promise<void>;
}

/**
 * Generates a throwaway CA and a server certificate for `localhost` / 127.0.0.1, so that the
 * functions' TLS clients (`rediss://`, the RDS Proxy connection with `rejectUnauthorized`) verify
 * the local engines as they verify AWS's, with nothing disabled.
 */
export async function createLocalCertificates(): Promise<LocalCertificates> {
  const notAfterDate = new Date(Date.now() + 7 * 86_400_000);
  const ca = await generate([{ name: 'commonName', value: 'Roadcall local CA' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: LOCAL_TLS_HOST }], {
    keySize: 2048,
    algorithm: 'sha256',
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: LOCAL_TLS_HOST },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'roadcall-ca-'));
  const caFile = join(dir, 'ca.pem');
  await writeFile(caFile, ca.cert, { mode: 0o600 });
  return { caPem: ca.cert, caFile, key: server.private, cert: server.cert, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A listening TLS front: where functions connect, and how to stop it. */
export interface TlsFront {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function closer(server: Server, sockets: Set<Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function pipeBoth(client: Socket, upstream: Socket): void {
  client.pipe(upstream);
  upstream.pipe(client);
  const end = (): void => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', end).on('close', end);
  upstream.on('error', end).on('close', end);
}

/**
 * ElastiCache in-transit encryption, locally: a TLS listener in front of the plain redis-server
 * (`rediss://localhost:<port>` in the functions' REDIS_URL), bytes passed through unchanged.
 */
export async function startRedisTlsFront(certificates: LocalCertificates, upstreamPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const server = createTlsServer({ key: certificates.key, cert: certificates.cert }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    pipeBoth(client, connect(upstreamPort, '127.0.0.1'));
  });
  const port = await listen(server);
  return { host: LOCAL_TLS_HOST, port, close: closer(server, sockets) };
}

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/**
 * The RDS Proxy stand-in (`RequireTLS: true`): answers a client's SSLRequest with `S`, completes
 * TLS with the local certificate, then relays the decrypted protocol to the plain local
 * PostgreSQL. A client that does not ask for TLS is refused, as the proxy refuses it.
 */
export async function startPostgresTlsFront(certificates: LocalCertificates, upstreamPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    client.once('data', (first: Buffer) => {
      if (first.length < 8 || !first.subarray(0, 8).equals(SSL_REQUEST)) {
        // ErrorResponse: severity FATAL, code 28000, the message the proxy gives.
        const fields = Buffer.from('SFATAL\0C28000\0MThis RDS Proxy requires TLS connections\0\0');
        const header = Buffer.alloc(5);
        header.write('E', 0);
        header.writeInt32BE(fields.length + 4, 1);
        client.end(Buffer.concat([header, fields]));
        return;
      }
      client.write('S');
      const secure = new TLSSocket(client, { isServer: true, key: certificates.key, cert: certificates.cert });
      secure.on('error', () => client.destroy());
      pipeBoth(secure, connect(upstreamPort, '127.0.0.1'));
    });
  });
  const port = await listen(server);
  return { host: LOCAL_TLS_HOST, port, close: closer(server, sockets) };
}
