/**
 * The IAM gate of the cloud-assembly runtime: every function signs its SDK calls with an access
 * key of its own; the gate evaluates that function's role policy statements (from the template)
 * on each call and answers AccessDenied as AWS does, or forwards the call to the local engine.
 * Also the Secrets Manager stand-in the template's secrets live in.
 */
export { type Authorization, authorize, requestContext, roleArn, sessionArn } from './authorize';
export { MAX_INSPECTED_BODY_BYTES } from './constants';
export { GateConfigError, GateRequestError, IamGateError } from './errors';
export { conditionsMatch } from './policy/conditions';
export { evaluatePolicy, statementApplies } from './policy/evaluate';
export { arnMatch, globMatch } from './policy/wildcard';
export { type LocalSecret, type SecretsManagerEmulator, type SecretsManagerOptions, startSecretsManager } from './secretsManager';
export { startIamGate } from './server';
export type { InspectedRequest, MappingContext, ServiceMapper } from './services';
export { MAPPERS } from './services';
export { readSignature, type SignedScope } from './sigv4';
export type {
  AccessRequest,
  GateDecision,
  GatePrincipal,
  GateService,
  IamGate,
  IamGateOptions,
  PolicyDecision,
  PolicyStatement,
  RequestContext,
} from './types';
