import type { AddressInfo } from 'node:net';
import { freePort } from './ports';
import type { RunningEngine } from './types';

/**
 * fauxqs: SQS (AWS JSON protocol, long polling, visibility, DLQ redrive) and S3, in-process.
 * Built with `buildApp` and bound to loopback ourselves (its `startFauxqs` binds 0.0.0.0); with
 * no `host` option, queue URLs carry the address the client used (127.0.0.1:port).
 */
export async function startFauxqs(): Promise<RunningEngine> {
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false });
  await app.listen({ port: await freePort(), host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, owned: true, stop: () => app.close() };
}
