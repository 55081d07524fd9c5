import { LAMBDA_PATH_PREFIX } from '../constants';
import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { decodeSegment } from './body';
import type { InspectedRequest, MappingContext, ServiceMapper } from './types';

/** A function name, partial ARN (`123:function:f`) or full ARN, with an optional qualifier, as a full ARN. */
function functionArn(context: MappingContext, identifier: string, qualifier: string | null): string {
  let arn: string;
  if (identifier.startsWith('arn:')) arn = identifier;
  else if (identifier.includes(':function:')) arn = `arn:aws:lambda:${context.region}:${identifier}`;
  else arn = `arn:aws:lambda:${context.region}:${context.accountId}:function:${identifier}`;
  return qualifier ? `${arn}:${qualifier}` : arn;
}

/** Lambda REST operations under `/2015-03-31/functions/{name}...` and their actions. */
function operationOf(method: string, rest: string): string {
  if (rest === '/invocations' && method === 'POST') return 'lambda:InvokeFunction';
  if (rest === '' && method === 'GET') return 'lambda:GetFunction';
  if (rest === '/configuration' && method === 'GET') return 'lambda:GetFunctionConfiguration';
  if (rest === '/configuration' && method === 'PUT') return 'lambda:UpdateFunctionConfiguration';
  if (rest === '/code' && method === 'PUT') return 'lambda:UpdateFunctionCode';
  if (rest === '' && method === 'DELETE') return 'lambda:DeleteFunction';
  throw new GateRequestError(
    'lambda',
    404,
    'ResourceNotFoundException',
    `Unknown Lambda operation ${method} ${LAMBDA_PATH_PREFIX}{name}${rest}`,
  );
}

/**
 * Lambda (REST): Invoke is `lambda:InvokeFunction` on the function's ARN, qualified when the call
 * names a version or alias (`?Qualifier=` or `name:alias`), as AWS authorizes it.
 */
export const lambdaMapper: ServiceMapper = {
  // Payloads are read only so their signature can be checked (they are at most 6 MB).
  readsBody: () => true,
  map(request: InspectedRequest, context: MappingContext): AccessRequest[] {
    if (request.rawPath === '/2015-03-31/functions' || request.rawPath === '/2015-03-31/functions/') {
      return [{ action: request.method === 'POST' ? 'lambda:CreateFunction' : 'lambda:ListFunctions', resources: ['*'] }];
    }
    if (!request.rawPath.startsWith(LAMBDA_PATH_PREFIX)) {
      throw new GateRequestError('lambda', 404, 'ResourceNotFoundException', `Unknown Lambda path ${request.rawPath}`);
    }
    const rest = request.rawPath.slice(LAMBDA_PATH_PREFIX.length);
    const slash = rest.indexOf('/');
    const encodedName = slash < 0 ? rest : rest.slice(0, slash);
    const action = operationOf(request.method, slash < 0 ? '' : rest.slice(slash));
    return [{ action, resources: [functionArn(context, decodeSegment('lambda', encodedName), request.query.get('Qualifier'))] }];
  },
};
