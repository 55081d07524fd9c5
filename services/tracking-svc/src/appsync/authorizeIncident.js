/**
 * AppSync JS resolver function (APPSYNC_JS runtime) of the tracking GraphQL API: reads the
 * incident and lets through only its driver, an admin, or the vendor it is assigned to. Anyone
 * else gets "not found", so existence does not leak. Deployed by
 * infrastructure/lib/constructs/tracking-graphql.ts (inline); unit-tested in
 * services/tracking-svc/tests/unit/appsyncAuthorize.test.ts.
 *
 * Being the assigned vendor takes the `vendor` group AND a matching `custom:vendorId`: the
 * attribute alone proves nothing (a user could set it on themselves), the group is assigned by an
 * administrator. The same rule as the REST API (`actsForVendor` in @roadcall/utils/auth).
 *
 * The key attribute `incidentId` is the incidents table's partition key (TABLES.incidents in
 * @roadcall/contracts; the unit test fails if they drift apart).
 */
import { util } from '@aws-appsync/utils';

function mayRead(incident, identity) {
  if (!incident || !identity) return false;
  const groups = identity.groups || [];
  if (groups.includes('admin')) return true;
  if (incident.driverId === identity.sub) return true;
  const vendorId = identity.claims ? identity.claims['custom:vendorId'] : undefined;
  return groups.includes('vendor') && Boolean(vendorId) && incident.vendorId === vendorId;
}

export function request(ctx) {
  return { operation: 'GetItem', key: util.dynamodb.toMapValues({ incidentId: ctx.args.incidentId }), consistentRead: false };
}

export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (!mayRead(ctx.result, ctx.identity)) util.error('Incident not found', 'NotFound');
  return {};
}
