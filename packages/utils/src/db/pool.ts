import { ENV } from '@roadcall/contracts';
import { Pool } from 'pg';
import { ConfigError } from '../config';

let shared: Pool | undefined;

/** The container's shared PostgreSQL pool for DATABASE_URL, created on first use. */
export function getPool(): Pool {
  if (!shared) {
    const connectionString = process.env[ENV.databaseUrl];
    if (!connectionString) {
      throw new ConfigError(`${ENV.databaseUrl} is required but not set (the PostgreSQL URL)`, [ENV.databaseUrl]);
    }
    shared = new Pool({ connectionString, max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 2_000 });
    // An idle client's socket error must not crash the process; the pool discards the client.
    shared.on('error', () => undefined);
  }
  return shared;
}

/** Ends the shared pool (tests, graceful shutdown). */
export async function closePool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.end();
}
