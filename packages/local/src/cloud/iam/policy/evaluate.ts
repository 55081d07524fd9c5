import type { PolicyDecision, PolicyStatement, RequestContext } from '../types';
import { conditionsMatch } from './conditions';
import { arnMatch, globMatch } from './wildcard';

const list = (value: string | string[] | undefined): string[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** Action names are case-insensitive in IAM (`DynamoDB:getitem` is `dynamodb:GetItem`). */
function actionApplies(statement: PolicyStatement, action: string): boolean {
  const actions = list(statement.Action);
  if (actions) return actions.some((pattern) => globMatch(pattern, action, true));
  const notActions = list(statement.NotAction);
  if (notActions) return !notActions.some((pattern) => globMatch(pattern, action, true));
  return false;
}

function resourceApplies(statement: PolicyStatement, resource: string): boolean {
  const resources = list(statement.Resource);
  if (resources) return resources.some((pattern) => arnMatch(pattern, resource));
  const notResources = list(statement.NotResource);
  if (notResources) return !notResources.some((pattern) => arnMatch(pattern, resource));
  return false;
}

/** Whether one statement applies to the request (action, resource and conditions all match). */
export function statementApplies(statement: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  return actionApplies(statement, action) && resourceApplies(statement, resource) && conditionsMatch(statement.Condition, context);
}

/**
 * Evaluates identity-based policy statements as IAM does for a single account with no boundary
 * or SCP: an applicable explicit Deny wins, else an applicable Allow allows, else the request is
 * implicitly denied.
 *
 * @example
 * evaluatePolicy(
 *   [{ Effect: 'Allow', Action: 'dynamodb:Get*', Resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/vendors' }],
 *   { action: 'dynamodb:GetItem', resource: 'arn:aws:dynamodb:us-east-1:000000000000:table/vendors' },
 * ); // 'allow'
 */
export function evaluatePolicy(
  statements: PolicyStatement[],
  request: { action: string; resource: string; context?: RequestContext },
): PolicyDecision {
  const context = request.context ?? {};
  let allowed = false;
  for (const statement of statements) {
    if (!statementApplies(statement, request.action, request.resource, context)) continue;
    if (statement.Effect === 'Deny') return 'deny';
    if (statement.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}
