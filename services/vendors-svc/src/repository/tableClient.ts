import { ENV } from '@roadcall/contracts';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import type { VendorTableClient } from './types';

/** A DAX client: the table client, plus the shutdown that lets the process exit. */
export interface DaxTableClient extends VendorTableClient {
  shutdown(): void;
}

/** Builds a DAX document client for an endpoint (the real one loads `@amazon-dax-sdk/lib-dax`). */
export type DaxFactory = (endpoint: string, region: string | undefined) => Promise<DaxTableClient>;

const loadDax: DaxFactory = async (endpoint, region) => {
  // Loaded only when DAX is configured: the library is large, and its constructor starts cluster
  // discovery that keeps the process alive until shutdown().
  const { DaxDocument } = await import('@amazon-dax-sdk/lib-dax');
  return new DaxDocument({ endpoint, region }) as unknown as DaxTableClient;
};

let shared: Promise<VendorTableClient> | undefined;
let sharedDax: DaxTableClient | undefined;

/**
 * The client vendor reads and writes go through: DAX when DAX_ENDPOINT is set (AWS), else the
 * DynamoDB document client (locally: dynalite through AWS_ENDPOINT_URL_DYNAMODB). One per
 * container; `createDax` is injectable for tests, since DAX has no local engine.
 *
 * @example
 * const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
 */
export function vendorTableClient(env: NodeJS.ProcessEnv = process.env, createDax: DaxFactory = loadDax): Promise<VendorTableClient> {
  shared ??= (async () => {
    const endpoint = env[ENV.daxEndpoint];
    if (!endpoint) return dynamoDocumentClient() as unknown as VendorTableClient;
    sharedDax = await createDax(endpoint, env[ENV.region]);
    return sharedDax;
  })();
  return shared;
}

/** Shuts DAX down (if used) so the process can exit; the next call creates a new client. */
export function closeVendorTableClient(): void {
  sharedDax?.shutdown();
  sharedDax = undefined;
  shared = undefined;
}
