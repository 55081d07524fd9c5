import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startPassThroughGate, startSecretsManagerStandIn } from './passThroughGate';

/**
 * The IAM gate's public face (packages/local/src/cloud/iam, built in parallel; see the interface
 * in docs/cloud-local.md). The runtime codes against these types only.
 */
export interface PolicyStatement {
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export interface GatePrincipal {
  accessKeyId: string;
  secretAccessKey: string;
  /** The function's logical id, for messages. */
  name: string;
  statements: PolicyStatement[];
}

export type GateService = 'dynamodb' | 'sqs' | 's3' | 'ses' | 'secretsmanager' | 'lambda';

export interface IamGateOptions {
  principals: GatePrincipal[];
  region: string;
  accountId: string;
  upstreams: Partial<Record<GateService, string>>;
  host?: string;
  port?: number;
  /** Secrets the gate may see addressed by name or partial ARN (Secrets Manager authorizes on the full ARN). */
  secrets?: Array<{ arn: string; name: string }>;
  /** The template's SES identities (SES authorizes a send on the identity that verifies the sender). */
  sesIdentities?: string[];
  onDecision?(decision: { principal: string; service: string; action: string; resources: string[]; allowed: boolean }): void;
}

export interface RunningGate {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface SecretsManagerOptions {
  secrets: Array<{ arn: string; name: string; value: string }>;
  host?: string;
  port?: number;
}

interface GateModule {
  startIamGate(options: IamGateOptions): Promise<RunningGate>;
  startSecretsManager(options: SecretsManagerOptions): Promise<{ url: string; close(): Promise<void> }>;
}

/** Which implementation serves: the IAM gate (evaluates each function's role), or the pass-through. */
export type GateKind = 'iam' | 'pass-through';

/**
 * The gate module: `./iam` when it is present, else a pass-through that routes by the SigV4
 * credential scope without evaluating policies (the runtime says which one runs).
 */
export function loadGate(): GateModule & { kind: GateKind } {
  const dir = join(__dirname, 'iam');
  if (existsSync(join(dir, 'index.ts')) || existsSync(join(dir, 'index.js'))) {
    const loaded = require(dir) as Partial<GateModule>;
    if (typeof loaded.startIamGate === 'function' && typeof loaded.startSecretsManager === 'function') {
      return { kind: 'iam', startIamGate: loaded.startIamGate, startSecretsManager: loaded.startSecretsManager };
    }
  }
  return { kind: 'pass-through', startIamGate: startPassThroughGate, startSecretsManager: startSecretsManagerStandIn };
}
