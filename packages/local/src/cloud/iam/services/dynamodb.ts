import { DYNAMODB_TARGET_PREFIX } from '../constants';
import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { jsonBody, requiredString, target } from './body';
import type { InspectedRequest, MappingContext, ServiceMapper } from './types';

/** `TableName` may be a name or (since 2024) a table ARN. */
function tableArn(context: MappingContext, table: string, index?: unknown): string {
  const base = table.startsWith('arn:') ? table : `arn:aws:dynamodb:${context.region}:${context.accountId}:table/${table}`;
  return typeof index === 'string' && index !== '' ? `${base}/index/${index}` : base;
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** Operations that address no table: authorized on `*`. */
const ACCOUNT_LEVEL = new Set([
  'ListTables',
  'DescribeEndpoints',
  'DescribeLimits',
  'ListBackups',
  'ListGlobalTables',
  'ListExports',
  'ListImports',
]);

/** `TransactWriteItems` members and the action each is authorized as. */
const TRANSACT_WRITE_ACTIONS: Record<string, string> = {
  ConditionCheck: 'dynamodb:ConditionCheckItem',
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
};

/** Groups (action, table ARN) pairs into one access request per action. */
function grouped(pairs: Array<[string, string]>): AccessRequest[] {
  const byAction = new Map<string, Set<string>>();
  for (const [action, resource] of pairs) {
    const set = byAction.get(action) ?? new Set<string>();
    set.add(resource);
    byAction.set(action, set);
  }
  return [...byAction].map(([action, resources]) => ({ action, resources: [...resources] }));
}

/**
 * DynamoDB (JSON 1.0, `X-Amz-Target: DynamoDB_20120810.<Operation>`): the action is
 * `dynamodb:<Operation>` on the table, or on `table/T/index/I` for a Query or Scan of an index.
 * A batch needs its action on every table it names; a transaction needs each member's own action.
 */
export const dynamodbMapper: ServiceMapper = {
  readsBody: () => true,
  map(request: InspectedRequest, context: MappingContext): AccessRequest[] {
    const name = target(request);
    if (!name?.startsWith(DYNAMODB_TARGET_PREFIX)) {
      throw new GateRequestError('dynamodb', 400, 'UnknownOperationException', `Unknown operation ${name ?? '(no X-Amz-Target)'}`);
    }
    const operation = name.slice(DYNAMODB_TARGET_PREFIX.length);
    const action = `dynamodb:${operation}`;
    const body = jsonBody('dynamodb', request);
    if (ACCOUNT_LEVEL.has(operation)) return [{ action, resources: ['*'] }];
    switch (operation) {
      case 'BatchGetItem':
      case 'BatchWriteItem': {
        const tables = Object.keys(record(body.RequestItems));
        if (tables.length === 0)
          throw new GateRequestError('dynamodb', 400, 'ValidationException', 'RequestItems must name at least one table');
        return [{ action, resources: tables.map((table) => tableArn(context, table)) }];
      }
      case 'TransactWriteItems':
      case 'TransactGetItems': {
        const items = Array.isArray(body.TransactItems) ? body.TransactItems : [];
        const pairs: Array<[string, string]> = [];
        for (const item of items) {
          for (const [member, input] of Object.entries(record(item))) {
            const itemAction = operation === 'TransactGetItems' ? 'dynamodb:GetItem' : TRANSACT_WRITE_ACTIONS[member];
            if (!itemAction) throw new GateRequestError('dynamodb', 400, 'ValidationException', `Unknown transaction member ${member}`);
            pairs.push([itemAction, tableArn(context, requiredString('dynamodb', record(input), 'TableName'))]);
          }
        }
        if (pairs.length === 0) throw new GateRequestError('dynamodb', 400, 'ValidationException', 'TransactItems must not be empty');
        return grouped(pairs);
      }
      case 'ExecuteStatement':
      case 'BatchExecuteStatement':
      case 'ExecuteTransaction':
        // PartiQL is authorized per statement verb and table parsed from the SQL text.
        throw new GateRequestError(
          'dynamodb',
          400,
          'ValidationException',
          `The IAM gate does not map PartiQL (${operation}); use the item API`,
        );
      case 'TagResource':
      case 'UntagResource':
      case 'ListTagsOfResource':
        return [{ action, resources: [requiredString('dynamodb', body, 'ResourceArn')] }];
      default:
        return [{ action, resources: [tableArn(context, requiredString('dynamodb', body, 'TableName'), body.IndexName)] }];
    }
  },
};
