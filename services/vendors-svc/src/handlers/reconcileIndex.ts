import { createScheduledHandler } from '@roadcall/utils/functions';
import { logger } from '@roadcall/utils/logger';
import { vendorIndexMirror } from '../runtime';

/**
 * Every minute (contracts: `vendors-reconcile-index`): the geo index is a mirror of the vendors
 * table. Rebuilds it when Redis lost it (no `ready` marker), otherwise rewrites every vendor whose
 * index entry differs from the table (changes made while Redis was away) and backfills the table's
 * byCell attributes where they are stale.
 */
export const handler = createScheduledHandler({
  function: 'vendors.reconcileIndex',
  run: async () => {
    const result = await vendorIndexMirror().reconcile();
    if (result.mode === 'rebuilt' || result.repaired > 0 || result.backfilled > 0) {
      logger.warn('Geo index reconciled with the vendors table', { ...result, repairedIds: result.repairedIds.slice(0, 20) });
    }
    return result;
  },
});
