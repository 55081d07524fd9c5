import { SECRETS_MANAGER_TARGET_PREFIX } from '../constants';
import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { jsonBody, requiredString, target } from './body';
import type { InspectedRequest, MappingContext, ServiceMapper } from './types';

const ACCOUNT_LEVEL = new Set(['ListSecrets', 'GetRandomPassword', 'BatchGetSecretValue', 'CreateSecret']);

/** Secrets Manager (JSON 1.1): `secretsmanager:<Operation>` on the secret's full ARN. */
export const secretsManagerMapper: ServiceMapper = {
  readsBody: () => true,
  map(request: InspectedRequest, context: MappingContext): AccessRequest[] {
    const name = target(request);
    if (!name?.startsWith(SECRETS_MANAGER_TARGET_PREFIX)) {
      throw new GateRequestError('secretsmanager', 400, 'UnknownOperationException', `Unknown operation ${name ?? '(no X-Amz-Target)'}`);
    }
    const operation = name.slice(SECRETS_MANAGER_TARGET_PREFIX.length);
    const action = `secretsmanager:${operation}`;
    const body = jsonBody('secretsmanager', request);
    if (ACCOUNT_LEVEL.has(operation)) return [{ action, resources: ['*'] }];
    return [{ action, resources: [context.secretArn(requiredString('secretsmanager', body, 'SecretId'))] }];
  },
};
