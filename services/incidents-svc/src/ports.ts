/**
 * What the incidents service needs from other services, as narrow interfaces implemented through
 * their owners' public faces. Matching asks the vendors service for available vendors near a point
 * (`findNearestAvailable` of `@roadcall/vendors-svc`, the live geo index); it never reads the
 * vendors' keys itself. The adapter lives beside the matching code that uses it
 * (matching/vendors.ts); this file is where a newcomer finds every outbound dependency.
 */
export { type NearestQuery, type VendorCandidate, type VendorFinder, vendorsServiceFinder } from './matching/vendors';
