import type { Role } from '@roadcall/contracts';

/** An identity the local stack mints tokens for. */
export interface LocalIdentity {
  readonly userId: string;
  readonly email: string;
  readonly roles: ReadonlyArray<Role>;
  readonly vendorId?: string;
  readonly tenantId?: string;
}

/** The demo identities the banner prints tokens for (the seed creates their data). */
export const DEMO_USERS = {
  driver: { userId: 'user-demo-driver', email: 'driver@roadcall.local', roles: ['driver'] },
  vendor: { userId: 'user-demo-vendor', email: 'vendor@roadcall.local', roles: ['vendor'], vendorId: 'vendor-000000' },
  admin: { userId: 'user-demo-admin', email: 'admin@roadcall.local', roles: ['admin'] },
} as const satisfies Record<string, LocalIdentity>;
