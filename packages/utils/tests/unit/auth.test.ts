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
    const auth = authFromEvent(
      proxyEvent({ claims: { sub: 'u', 'cognito:groups': 'vendor', 'custom:vendorId': 'v-1', 'custom:tenantId': 't-1' } }),
    );
    expect(auth).toMatchObject({ userId: 'u', vendorId: 'v-1', tenantId: 't-1', roles: ['vendor'] });
  });

  it('ignores custom:vendorId outside the vendor group (a user could set the attribute on themselves)', () => {
    for (const groups of [undefined, 'driver', 'admin']) {
      const claims = { sub: 'u', 'custom:vendorId': 'v-1', ...(groups ? { 'cognito:groups': groups } : {}) };
      expect(authFromEvent(proxyEvent({ claims }))?.vendorId).toBeUndefined();
    }
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
