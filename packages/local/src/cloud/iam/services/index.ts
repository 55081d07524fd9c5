import type { IncomingHttpHeaders } from 'node:http';
import {
  DYNAMODB_TARGET_PREFIX,
  LAMBDA_PATH_PREFIX,
  SECRETS_MANAGER_TARGET_PREFIX,
  SES_V2_PATH_PREFIX,
  SQS_TARGET_PREFIX,
} from '../constants';
import type { GateService } from '../types';
import { dynamodbMapper } from './dynamodb';
import { lambdaMapper } from './lambda';
import { s3Mapper } from './s3';
import { secretsManagerMapper } from './secretsmanager';
import { sesMapper } from './ses';
import { sqsMapper } from './sqs';
import type { ServiceMapper } from './types';

export type { InspectedRequest, MappingContext, ServiceMapper } from './types';

/** The mapper of each service the gate fronts, by SigV4 signing name. */
export const MAPPERS: Record<GateService, ServiceMapper> = {
  dynamodb: dynamodbMapper,
  sqs: sqsMapper,
  s3: s3Mapper,
  ses: sesMapper,
  secretsmanager: secretsManagerMapper,
  lambda: lambdaMapper,
};

export function isGateService(name: string): name is GateService {
  return Object.hasOwn(MAPPERS, name);
}

/**
 * The service an unsigned request was meant for, from its shape, so even the refusal is in
 * that service's error format. S3 is the fallback: it is the REST API without a marker.
 */
export function guessService(headers: IncomingHttpHeaders, rawPath: string): GateService {
  const target = String(headers['x-amz-target'] ?? '');
  if (target.startsWith(DYNAMODB_TARGET_PREFIX)) return 'dynamodb';
  if (target.startsWith(SQS_TARGET_PREFIX)) return 'sqs';
  if (target.startsWith(SECRETS_MANAGER_TARGET_PREFIX)) return 'secretsmanager';
  if (rawPath.startsWith(LAMBDA_PATH_PREFIX)) return 'lambda';
  if (rawPath.startsWith(SES_V2_PATH_PREFIX)) return 'ses';
  return 's3';
}
