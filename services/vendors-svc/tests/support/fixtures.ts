import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthContext } from '@roadcall/utils/auth';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import type { GeoIndex } from '@roadcall/utils/geo';
import type { VendorSummary } from '../../src';

/** A point of our own, far from other test files' points (random in a wide band of the Pacific). */
export function randomPoint(): { lat: number; lon: number } {
  return { lat: 10 + Math.random() * 50, lon: -170 + Math.random() * 40 };
}

/** A unique vendor id for one test. */
export const uniqueVendorId = (): string => `test-${randomUUID().slice(0, 18)}`;

export const ADMIN: AuthContext = { userId: 'user-test-admin', roles: ['admin'] };
export const DRIVER: AuthContext = { userId: 'user-test-driver', roles: ['driver'] };
export const vendorUser = (vendorId: string): AuthContext => ({ userId: `user-${vendorId}`, roles: ['vendor'], vendorId });

/** Deletes test vendors from the table and the index. */
export async function deleteVendors(ids: Iterable<string>, index: GeoIndex<VendorSummary>): Promise<void> {
  const table = tableName('vendors');
  await Promise.all(
    [...ids].map(async (vendorId) => {
      await dynamoDocumentClient().send(new DeleteCommand({ TableName: table, Key: { vendorId } }));
      await index.remove(vendorId);
    }),
  );
}
