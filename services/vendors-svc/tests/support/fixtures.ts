import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthContext } from '@roadcall/utils/auth';
import { dynamoDocumentClient } from '@roadcall/utils/aws';
import { tableName } from '@roadcall/utils/config';
import type { GeoIndex } from '@roadcall/utils/geo';
import type { GeoIndexMirror, VendorSummary } from '../../src';

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

/**
 * Waits until the shared geo index has its `ready` marker (rebuilding it from the table here, or
 * waiting for the worker that holds the lock; bounded): tests that assert the indexed path's
 * `X-Cache` need the index, not the table fallback.
 */
export async function ensureIndexReady(mirror: GeoIndexMirror): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await mirror.index.readState())?.status === 'ready') return;
    if ((await mirror.rebuild()).rebuilt) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The geo index never became ready');
}
