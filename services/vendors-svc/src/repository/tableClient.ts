import { ENV } from '@roadcall/contracts';
import { documentSdk, dynamoDocumentClient } from '@roadcall/utils/aws';
import { DAX_CONNECT_TIMEOUT_MS, DAX_REQUEST_TIMEOUT_MS } from '../constants';
import type { VendorTableClient } from './types';

/** A DAX client: the table client, plus the shutdown that lets the process exit. */
export interface DaxTableClient extends VendorTableClient {
  shutdown(): void;
}

/** Builds a DAX document client for an endpoint (the real one loads `@amazon-dax-sdk/lib-dax`). */
export type DaxFactory = (endpoint: string, region: string | undefined) => Promise<DaxTableClient>;

/**
 * The real DAX document client. Loaded only when DAX is configured: in AWS the library comes from
 * the DAX layer (`/opt/nodejs/node_modules`, external to the bundle), and its constructor starts
 * cluster discovery that keeps the process alive until `shutdown()`.
 *
 * @example
 * const dax = await createDaxDocument('dax://cluster.abc.dax-clusters.eu-west-1.amazonaws.com:8111', 'eu-west-1');
 */
export const createDaxDocument: DaxFactory = async (endpoint, region) => {
  const { DaxDocument } = await import('@amazon-dax-sdk/lib-dax');
  const dax = new DaxDocument({ endpoint, region, connectTimeout: DAX_CONNECT_TIMEOUT_MS, requestTimeout: DAX_REQUEST_TIMEOUT_MS });
  // lib-dax's declaration omits `shutdown`, which its class (client-dax's Dax) has.
  return dax as unknown as DaxTableClient;
};

let shared: Promise<VendorTableClient> | undefined;
let sharedDax: DaxTableClient | undefined;

/**
 * The client vendor reads and writes go through: DAX when DAX_ENDPOINT is set (AWS), else the
 * DynamoDB document client (locally: dynalite through AWS_ENDPOINT_URL_DYNAMODB). One per
 * container. `createDax` defaults to the real lib-dax client (tests run it against a socket of
 * their own: DAX has no local engine).
 *
 * @example
 * const repo = new DynamoVendorRepository(await vendorTableClient(), tableName('vendors'));
 */
export function vendorTableClient(
  env: NodeJS.ProcessEnv = process.env,
  createDax: DaxFactory = createDaxDocument,
): Promise<VendorTableClient> {
  shared ??= (async () => {
    const endpoint = env[ENV.daxEndpoint];
    if (!endpoint) return dynamoDocument();
    sharedDax = await createDax(endpoint, env[ENV.region]);
    return sharedDax;
  })();
  return shared;
}

/**
 * The aggregated `DynamoDBDocument` (the same `get`/`put`/... methods as `DaxDocument`) over the
 * container's document client: one DynamoDB client, one set of marshalling options.
 */
function dynamoDocument(): VendorTableClient {
  const client = dynamoDocumentClient();
  return documentSdk().DynamoDBDocument.from(client, client.config.translateConfig);
}

/** Shuts DAX down (if used) so the process can exit; the next call creates a new client. */
export function closeVendorTableClient(): void {
  sharedDax?.shutdown();
  sharedDax = undefined;
  shared = undefined;
}
