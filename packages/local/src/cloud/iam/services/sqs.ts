import { SQS_TARGET_PREFIX } from '../constants';
import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { jsonBody, target } from './body';
import type { InspectedRequest, MappingContext, ServiceMapper } from './types';

/** Batch calls are authorized as their single-message action (there is no `sqs:SendMessageBatch`). */
const BATCH_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

const ACCOUNT_LEVEL = new Set(['ListQueues']);

/** The operation and its parameters, from the JSON protocol (`AmazonSQS.X`) or the older Query form. */
function readCall(request: InspectedRequest): { operation: string; params: Record<string, unknown> } {
  const name = target(request);
  if (name?.startsWith(SQS_TARGET_PREFIX)) return { operation: name.slice(SQS_TARGET_PREFIX.length), params: jsonBody('sqs', request) };
  const form = new URLSearchParams(request.body?.toString('utf8') ?? '');
  for (const [key, value] of request.query) if (!form.has(key)) form.set(key, value);
  const operation = form.get('Action');
  if (!operation) throw new GateRequestError('sqs', 400, 'InvalidAction', 'The request names no SQS action');
  return { operation, params: Object.fromEntries(form) };
}

function queueName(params: Record<string, unknown>, operation: string): string {
  if (typeof params.QueueUrl === 'string' && params.QueueUrl !== '') {
    const segments = params.QueueUrl.split('?')[0]?.split('/').filter(Boolean) ?? [];
    const last = segments.at(-1);
    if (last) return last;
  }
  if (typeof params.QueueName === 'string' && params.QueueName !== '') return params.QueueName;
  throw new GateRequestError(
    'sqs',
    400,
    'MissingParameter',
    `The request must contain the parameter ${operation === 'GetQueueUrl' || operation === 'CreateQueue' ? 'QueueName' : 'QueueUrl'}.`,
  );
}

/**
 * SQS: `sqs:<Operation>` on `arn:aws:sqs:{region}:{account}:{queue}`, the queue being the last
 * segment of `QueueUrl` (or `QueueName` for GetQueueUrl and CreateQueue).
 */
export const sqsMapper: ServiceMapper = {
  readsBody: () => true,
  map(request: InspectedRequest, context: MappingContext): AccessRequest[] {
    const { operation, params } = readCall(request);
    const action = `sqs:${BATCH_ACTIONS[operation] ?? operation}`;
    if (ACCOUNT_LEVEL.has(operation)) return [{ action, resources: ['*'] }];
    const account =
      typeof params.QueueOwnerAWSAccountId === 'string' && params.QueueOwnerAWSAccountId
        ? params.QueueOwnerAWSAccountId
        : context.accountId;
    return [{ action, resources: [`arn:aws:sqs:${context.region}:${account}:${queueName(params, operation)}`] }];
  },
};
