import { validate } from '@roadcall/utils/http';
import { type InvokeReply, invokeReply } from '@roadcall/utils/invoke';
import type { VendorLoad } from '../capacity';
import { capacityRequest } from '../portTypes';
import { vendorCapacityStore } from '../runtime';

/**
 * `vendors.capacity` (contracts `INVOCABLES`, invoked by the incidents functions): claim a unit of
 * a vendor's capacity for an incident (409 when it is at capacity or unavailable), release it, or
 * read loads.
 */
export const handler = (event: unknown): Promise<InvokeReply<VendorLoad | VendorLoad[] | null>> =>
  invokeReply(async () => {
    const request = validate(capacityRequest, event, 'body');
    const store = vendorCapacityStore();
    if (request.op === 'claim') return store.claim(request.vendorId, request.incidentId);
    if (request.op === 'release') {
      await store.release(request.vendorId, request.incidentId);
      return null;
    }
    return store.loads(request.vendorIds);
  });
