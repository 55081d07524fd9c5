import { assertOwnerOrAdmin, authFromEvent } from '../../src/auth';
import { ForbiddenError } from '../../src/errors';
import { proxyEvent } from '../support/events';

describe('authFromEvent', () => {
  it.each([
    ['admin', ['admin']],
    ['admin,vendor', ['admin', 'vendor']],
    ['[admin vendor]', ['admin', 'vendor']],
    ['superuser', []],
  ])('reads cognito:groups %p as roles %p', (groups, roles) => {
    expect(authFromEvent(proxyEvent({ claims: { sub: 'u', 'cognito:groups': groups } }))?.roles).toEqual(roles);
  });

  it('carries vendor and tenant claims', () => {
    const auth = authFromEvent(proxyEvent({ claims: { sub: 'u', 'custom:vendorId': 'v-1', 'custom:tenantId': 't-1' } }));
    expect(auth).toMatchObject({ userId: 'u', vendorId: 'v-1', tenantId: 't-1', roles: [] });
  });

  it('is undefined without a subject', () => {
    expect(authFromEvent(proxyEvent())).toBeUndefined();
    expect(authFromEvent(proxyEvent({ claims: { email: 'x@y' } }))).toBeUndefined();
  });

  it('lets owners and admins through, nobody else', () => {
    expect(() => assertOwnerOrAdmin({ userId: 'a', roles: ['driver'] }, 'a')).not.toThrow();
    expect(() => assertOwnerOrAdmin({ userId: 'b', roles: ['admin'] }, 'a')).not.toThrow();
    expect(() => assertOwnerOrAdmin({ userId: 'b', roles: ['driver'] }, 'a')).toThrow(ForbiddenError);
  });
});
