import type { IncomingHttpHeaders } from 'node:http';
import type { AccessRequest } from '../types';

/** What a mapper sees of a request. */
export interface InspectedRequest {
  method: string;
  /** The path as on the wire (percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Present when the service's mapper asked for it (`readsBody`). */
  body: Buffer | undefined;
}

/** What the ARNs are built from. */
export interface MappingContext {
  region: string;
  accountId: string;
  /** A `SecretId` (name, partial or full ARN) to the secret's full ARN. */
  secretArn(secretId: string): string;
  /** SES identities that exist, when known. */
  sesIdentities: readonly string[] | undefined;
}

/** Maps one service's requests to the IAM actions and resources AWS authorizes them as. */
export interface ServiceMapper {
  /** Whether the gate must read the body to map the request (JSON protocols: yes; S3 objects: no). */
  readsBody(request: Pick<InspectedRequest, 'method' | 'query' | 'headers'>): boolean;
  map(request: InspectedRequest, context: MappingContext): AccessRequest[];
}
