import type { Server } from 'node:http';
import { freePort } from './ports';
import type { RunningEngine } from './types';

/** aws-ses-v2-local: SES v1/v2 SendEmail; `/` is a mailbox page, `/store` the sent mails as JSON. */
export async function startSesLocal(): Promise<RunningEngine> {
  const { default: start } = (await import('aws-ses-v2-local')) as unknown as {
    default: (config: { host: string; port: number }) => Promise<Server>;
  };
  const port = await freePort();
  const server = await start({ host: '127.0.0.1', port });
  return {
    url: `http://127.0.0.1:${port}`,
    owned: true,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
