import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Idle keep-alive a local HTTP front holds a connection open: longer than the 60 s idle timeout
 * common to load balancers and API Gateway's clients, so a server never closes a socket a client
 * is about to reuse (which would surface as ECONNRESET on the client's next request).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** A listening local HTTP front: where it is and how to stop it (open connections included). */
export interface ListeningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (0: a free port) and resolves once bound, or rejects with the bind error
 * (EADDRINUSE and the like); `close` also ends keep-alive and streaming connections.
 *
 * @example
 * const { url, close } = await listen(createServer(handler), 3000);
 */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<ListeningServer> {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
