import { jwtVerify, SignJWT } from 'jose';
import type { LocalIdentity } from './demoUsers';

const ISSUER = 'roadcall-local';
const AUDIENCE = 'roadcall-api';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/**
 * Signs a local bearer token (HS256) whose claims have Cognito's shape (`sub`, `email`,
 * `cognito:groups`, `custom:vendorId`), so handlers read the same claims locally and in AWS.
 */
export async function signLocalToken(identity: LocalIdentity, secret: string, expiresIn = '12h'): Promise<string> {
  const claims: Record<string, unknown> = { email: identity.email, 'cognito:groups': identity.roles.join(',') };
  if (identity.vendorId) claims['custom:vendorId'] = identity.vendorId;
  if (identity.tenantId) claims['custom:tenantId'] = identity.tenantId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(secret));
}

/** Verifies a local token; returns its claims as strings (as API Gateway hands them over), or throws. */
export async function verifyLocalToken(token: string, secret: string): Promise<Record<string, string>> {
  const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) claims[name] = typeof value === 'string' ? value : JSON.stringify(value);
  return claims;
}
