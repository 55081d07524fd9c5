import { evaluatePolicy } from './policy/evaluate';
import type { AccessRequest, GatePrincipal, PolicyDecision, RequestContext } from './types';

/** The outcome for a whole request: allowed, or the first (action, resource) that is not. */
export type Authorization =
  | { allowed: true }
  | { allowed: false; action: string; resource: string; decision: Exclude<PolicyDecision, 'allow'> };

/**
 * Every resource of every access request must be allowed (a BatchGetItem over two tables needs
 * `dynamodb:BatchGetItem` on both). `onEach` sees one decision per access request.
 *
 * @example
 * authorize(principal, [{ action: 'sqs:SendMessage', resources: [queueArn] }], {}, () => {});
 */
export function authorize(
  principal: GatePrincipal,
  requests: AccessRequest[],
  context: RequestContext,
  onEach: (request: AccessRequest, allowed: boolean) => void,
): Authorization {
  let verdict: Authorization = { allowed: true };
  for (const request of requests) {
    let allowed = true;
    for (const resource of request.resources) {
      const decision = evaluatePolicy(principal.statements, { action: request.action, resource, context });
      if (decision === 'allow') continue;
      allowed = false;
      // An explicit deny is the more telling answer: report it over an implicit one.
      if (verdict.allowed || (verdict.decision === 'implicit-deny' && decision === 'deny')) {
        verdict = { allowed: false, action: request.action, resource, decision };
      }
    }
    onEach(request, allowed);
  }
  return verdict;
}

/** The request context keys the gate supplies to conditions. */
export function requestContext(principal: GatePrincipal, accountId: string, region: string, now = new Date()): RequestContext {
  return {
    // Lambda's SDK calls travel over TLS in AWS; locally the hop is plain HTTP on loopback by
    // configuration only, so conditions are evaluated as they would be in AWS.
    'aws:SecureTransport': 'true',
    'aws:RequestedRegion': region,
    'aws:PrincipalAccount': accountId,
    'aws:PrincipalArn': roleArn(accountId, principal.name),
    'aws:PrincipalType': 'AssumedRole',
    'aws:CurrentTime': now.toISOString(),
    'aws:EpochTime': String(Math.floor(now.getTime() / 1000)),
  };
}

/** The role ARN the gate stands the principal's name in for. */
export function roleArn(accountId: string, name: string): string {
  return `arn:aws:iam::${accountId}:role/${name}`;
}

/** The caller as AWS names a Lambda function's session in error messages. */
export function sessionArn(accountId: string, name: string): string {
  return `arn:aws:sts::${accountId}:assumed-role/${name}/${name}`;
}
