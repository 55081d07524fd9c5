/** The services the gate stands in front of (the SigV4 signing names of their APIs). */
export type GateService = 'dynamodb' | 'sqs' | 's3' | 'ses' | 'secretsmanager' | 'lambda';

/**
 * One statement of an identity-based policy, as CloudFormation holds it once the intrinsics are
 * resolved to strings (the runtime resolves `Fn::ImportValue`, `Fn::GetAtt`, `Fn::Join`...).
 */
export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Sid?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  /** `{ operator: { key: value | values } }`; operators AND, keys AND, a key's values OR. */
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/** A caller the gate knows: a function, its own access key, and its role's statements. */
export interface GatePrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** The function's logical id, for messages and decisions. */
  name: string;
  /** The role's inline and customer-managed policy statements, intrinsics resolved. */
  statements: PolicyStatement[];
}

/** The decision the gate took on one (action, resources) pair of a request. */
export interface GateDecision {
  principal: string;
  service: string;
  action: string;
  resources: string[];
  allowed: boolean;
}

export interface IamGateOptions {
  principals: GatePrincipal[];
  /** The runtime uses region us-east-1, account 000000000000. */
  region: string;
  accountId: string;
  /** Base URLs (origin only) of the engines behind the gate. A service without one answers 503. */
  upstreams: Partial<Record<GateService, string>>;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default: a free port the OS picks. */
  port?: number;
  /**
   * Secrets the gate may see addressed by name or partial ARN: Secrets Manager authorizes on the
   * full ARN (with its random suffix), so a `SecretId` that is not a full ARN is resolved here.
   */
  secrets?: Array<{ arn: string; name: string }>;
  /**
   * The SES identities that exist (template `AWS::SES::EmailIdentity`): SES authorizes a send on
   * the identity that verifies the sender, the address itself or else its domain.
   */
  sesIdentities?: string[];
  /**
   * Check each request's SigV4 signature with the principal's secret key (default true): a
   * request signed with another key than the one it claims is refused as AWS refuses it.
   */
  verifySignatures?: boolean;
  onDecision?(decision: GateDecision): void;
}

/** A running gate. */
export interface IamGate {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** What a request asks: an action on resources, every one of which must be allowed. */
export interface AccessRequest {
  action: string;
  resources: string[];
}

/** The request context keys conditions are evaluated against (`aws:SecureTransport`...). */
export type RequestContext = Record<string, string>;

/** The answer of the policy evaluation, as the IAM evaluation logic names it. */
export type PolicyDecision = 'allow' | 'deny' | 'implicit-deny';
