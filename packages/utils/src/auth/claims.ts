import type { Role, RouteAuth } from '@roadcall/contracts';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ForbiddenError, UnauthenticatedError } from '../errors';

/** Who is calling, from the API Gateway authorizer claims (Cognito in AWS, the local JWT locally). */
export interface AuthContext {
  readonly userId: string;
  readonly email?: string;
  readonly roles: ReadonlyArray<Role>;
  /**
   * The vendor the caller acts for (`custom:vendorId`), set only when the caller is in the
   * `vendor` group: the attribute alone proves nothing (until the user pool client stops users
   * writing it, anyone could set it on themselves), the group is assigned by an administrator.
   */
  readonly vendorId?: string;
  /** Set for multi-tenant users (`custom:tenantId`); scopes cache keys with the user id. */
  readonly tenantId?: string;
}

const KNOWN_ROLES: ReadonlySet<string> = new Set<Role>(['driver', 'vendor', 'admin']);

/**
 * Cognito puts groups in `cognito:groups`; through a REST authorizer they arrive as a string
 * ("admin", "admin,vendor" or "[admin vendor]"), directly as an array elsewhere.
 */
function parseGroups(raw: unknown): Role[] {
  const items = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.replace(/^\[|\]$/g, '').split(/[\s,]+/) : [];
  return items.filter((item): item is Role => KNOWN_ROLES.has(item));
}

/** The caller's identity, or `undefined` when the request carries no authorizer claims. */
export function authFromEvent(event: Pick<APIGatewayProxyEvent, 'requestContext'>): AuthContext | undefined {
  const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub.length === 0) return undefined;
  const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
  const roles = parseGroups(claims['cognito:groups']);
  return {
    userId: sub,
    email: str(claims.email),
    roles,
    vendorId: roles.includes('vendor') ? str(claims['custom:vendorId']) : undefined,
    tenantId: str(claims['custom:tenantId']),
  };
}

export function hasRole(auth: AuthContext | undefined, role: Role): boolean {
  return Boolean(auth?.roles.includes(role));
}

/**
 * Enforces a route's auth level: 401 without an identity on a protected route, 403 without the
 * admin role on an admin route. Returns the identity (undefined only on public routes).
 */
export function authorize(event: Pick<APIGatewayProxyEvent, 'requestContext'>, level: RouteAuth): AuthContext | undefined {
  const auth = authFromEvent(event);
  if (level === 'public') return auth;
  if (!auth) throw new UnauthenticatedError('A valid bearer token is required');
  if (level === 'admin' && !hasRole(auth, 'admin')) throw new ForbiddenError('This route is for administrators');
  return auth;
}

/**
 * True when the caller may act for `vendorId`: in the `vendor` group with that vendor id. (Admins
 * are checked separately by callers that allow them.)
 *
 * @example
 * if (!actsForVendor(auth, incident.vendorId) && !hasRole(auth, 'admin')) throw new ForbiddenError('...');
 */
export function actsForVendor(auth: AuthContext | undefined, vendorId: string | undefined): boolean {
  return Boolean(auth && vendorId && hasRole(auth, 'vendor') && auth.vendorId === vendorId);
}

/** Throws 403 unless the caller is the resource's owner (by user id) or an admin. */
export function assertOwnerOrAdmin(auth: AuthContext, ownerUserId: string, what = 'resource'): void {
  if (auth.userId !== ownerUserId && !hasRole(auth, 'admin')) {
    throw new ForbiddenError(`You may not access this ${what}`);
  }
}
