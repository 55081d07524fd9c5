import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ENV, ROUTES } from '@roadcall/contracts';
import { closeCaches } from '@roadcall/utils/cache';
import { stage } from '@roadcall/utils/config';
import { closePool } from '@roadcall/utils/db';
import { closeRedisClient } from '@roadcall/utils/redis';
import { type LocalIdentity, moduleResolver, type RunningApiServer, signLocalToken, startApiServer } from '../../src';

/**
 * Every route of the contracts served in-process by the real adapter and the real handler files,
 * against the integration project's engines (jest/globalSetup.ts): what `pnpm dev` serves.
 */
export async function startApi(): Promise<RunningApiServer> {
  return startApiServer({
    routes: ROUTES,
    resolve: moduleResolver(),
    jwtSecret: process.env[ENV.localJwtSecret] as string,
    stage: stage(),
  });
}

/** Closes the server and the clients the handlers opened in this worker (so jest can exit). */
export async function stopApi(api: RunningApiServer | undefined): Promise<void> {
  await api?.close();
  await Promise.allSettled([closeCaches(), closeRedisClient(), closePool()]);
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read response fields freely and assert each one
  readonly json: any;
}

export interface RawRequest {
  readonly method?: string;
  /** Sent as is (no URL normalisation): `/vendors/%`, `?__proto__=1`. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Buffer;
  /** Abort (and fail) when no complete answer arrives within this many ms. */
  readonly timeoutMs?: number;
}

/**
 * One HTTP request over node:http (a raw path and any header names, which `fetch` may refuse or
 * normalise), bounded in time: a hang is a failure, never a stuck test.
 */
export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
        agent: false,
      },
      (res) => {
        // An event stream that opened is an answer: its body never ends by itself.
        if (res.statusCode === 200 && String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          clearTimeout(timer);
          resolve({ status: 200, headers: res.headers, text: '', json: undefined });
          req.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`no answer to ${options.method ?? 'GET'} ${options.path} within ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A caller with a local token (the Cognito-shaped claims the adapter verifies). */
export interface Caller {
  readonly identity: LocalIdentity;
  readonly token: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<RawAnswer>;
}

export async function callerFor(api: RunningApiServer, identity: LocalIdentity): Promise<Caller> {
  const token = await signLocalToken(identity, process.env[ENV.localJwtSecret] as string);
  return {
    identity,
    token,
    call: (method, path, body, headers = {}) =>
      rawRequest(api.url, {
        method,
        path,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

export const driver = (name = randomUUID()): LocalIdentity => ({
  userId: `driver-${name}`,
  email: `${name}@drivers.test`,
  roles: ['driver'],
});
export const vendorUser = (vendorId: string): LocalIdentity => ({
  userId: `user-${vendorId}`,
  email: `${vendorId}@vendors.test`,
  roles: ['vendor'],
  vendorId,
});
export const admin = (): LocalIdentity => ({ userId: `admin-${randomUUID()}`, email: 'admin@roadcall.test', roles: ['admin'] });

/**
 * A vendor body POST /vendors accepts (admin only), placed in the South Pacific, far from every
 * metro other test files search around (they share the geo index).
 */
export const newVendor = (vendorId: string, overrides: Record<string, unknown> = {}) => ({
  vendorId,
  name: `Fuzz ${vendorId}`,
  services: ['towing', 'jumpstart'],
  location: { lat: -60.5, lon: -150.5 },
  rating: 4.5,
  available: true,
  ...overrides,
});

/** An incident body POST /incidents accepts. */
export const newIncident = (overrides: Record<string, unknown> = {}) => ({
  location: { lat: 37.775, lon: -122.418 },
  serviceType: 'towing',
  vehicle: { make: 'Volvo', model: 'V70' },
  ...overrides,
});
