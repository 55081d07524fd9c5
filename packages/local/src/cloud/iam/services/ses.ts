import { SES_V2_PATH_PREFIX } from '../constants';
import { GateRequestError } from '../errors';
import type { AccessRequest } from '../types';
import { decodeSegment, jsonBody } from './body';
import type { InspectedRequest, MappingContext, ServiceMapper } from './types';

/** `"Roadcall" <no-reply@example.com>` -> `no-reply@example.com`. */
function bareAddress(from: string): string {
  const angled = /<([^>]+)>/.exec(from);
  return (angled?.[1] ?? from).trim();
}

/**
 * The identity SES authorizes a send on: the address if it is an identity itself, else its
 * domain if that is one; with no list of identities, the address.
 */
function identityOf(from: string, identities: readonly string[] | undefined): string {
  const address = bareAddress(from);
  if (!identities) return address;
  const known = new Set(identities.map((identity) => identity.toLowerCase()));
  if (known.has(address.toLowerCase())) return address;
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return known.has(domain.toLowerCase()) ? domain : address;
}

function sendResources(context: MappingContext, from: unknown, configurationSet: unknown, identityArn: unknown): string[] {
  const prefix = `arn:aws:ses:${context.region}:${context.accountId}`;
  const resources: string[] = [];
  if (typeof identityArn === 'string' && identityArn) resources.push(identityArn);
  else if (typeof from === 'string' && from) resources.push(`${prefix}:identity/${identityOf(from, context.sesIdentities)}`);
  else throw new GateRequestError('ses', 400, 'BadRequestException', 'The message has no sender (FromEmailAddress / Source)');
  if (typeof configurationSet === 'string' && configurationSet) resources.push(`${prefix}:configuration-set/${configurationSet}`);
  return resources;
}

/** SES v2 (REST JSON under /v2/email/). */
function mapV2(request: InspectedRequest, context: MappingContext): AccessRequest[] {
  const rest = request.rawPath.slice(SES_V2_PATH_PREFIX.length);
  const prefix = `arn:aws:ses:${context.region}:${context.accountId}`;
  if (request.method === 'POST' && (rest === 'outbound-emails' || rest === 'outbound-bulk-emails')) {
    const body = jsonBody('ses', request);
    return [
      {
        action: rest === 'outbound-emails' ? 'ses:SendEmail' : 'ses:SendBulkEmail',
        resources: sendResources(context, body.FromEmailAddress, body.ConfigurationSetName, body.FromEmailAddressIdentityArn),
      },
    ];
  }
  if (rest === 'account' && request.method === 'GET') return [{ action: 'ses:GetAccount', resources: ['*'] }];
  if (rest === 'identities' && request.method === 'GET') return [{ action: 'ses:ListEmailIdentities', resources: ['*'] }];
  const identity = /^identities\/([^/]+)$/.exec(rest);
  if (identity) {
    const verb = { GET: 'Get', POST: 'Create', DELETE: 'Delete' }[request.method];
    if (verb)
      return [{ action: `ses:${verb}EmailIdentity`, resources: [`${prefix}:identity/${decodeSegment('ses', identity[1] as string)}`] }];
  }
  throw new GateRequestError('ses', 400, 'BadRequestException', `The IAM gate does not map SES v2 ${request.method} ${request.rawPath}`);
}

/** SES v1 (Query protocol: a form body with `Action=SendEmail&Source=...`). */
function mapV1(request: InspectedRequest, context: MappingContext): AccessRequest[] {
  const form = new URLSearchParams(request.body?.toString('utf8') ?? '');
  const action = form.get('Action');
  if (!action) throw new GateRequestError('ses', 400, 'InvalidAction', 'The request names no SES action');
  if (action === 'SendEmail' || action === 'SendRawEmail' || action === 'SendTemplatedEmail' || action === 'SendBulkTemplatedEmail') {
    return [
      {
        action: `ses:${action}`,
        resources: sendResources(context, form.get('Source'), form.get('ConfigurationSetName'), form.get('SourceArn')),
      },
    ];
  }
  return [{ action: `ses:${action}`, resources: ['*'] }];
}

/** SES: sends are `ses:SendEmail` (etc.) on the sender's identity and the configuration set named. */
export const sesMapper: ServiceMapper = {
  readsBody: () => true,
  map(request: InspectedRequest, context: MappingContext): AccessRequest[] {
    return request.rawPath.startsWith(SES_V2_PATH_PREFIX) ? mapV2(request, context) : mapV1(request, context);
  },
};
