import { TABLES } from '@roadcall/contracts';

/**
 * The AppSync resolver function's request/response logic, run as AppSync runs it: `util.error`
 * stops the resolver (it throws), `util.dynamodb.toMapValues` marshals the key.
 */
class AppSyncError extends Error {
  constructor(
    message: string,
    readonly type?: string,
  ) {
    super(message);
  }
}

jest.mock(
  '@aws-appsync/utils',
  () => ({
    util: {
      error: (message: string, type?: string) => {
        throw new AppSyncError(message, type);
      },
      dynamodb: {
        toMapValues: (values: Record<string, string>) =>
          Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { S: value }])),
      },
    },
  }),
  { virtual: true }, // a types-only package: AppSync provides it at run time
);

// biome-ignore lint/suspicious/noExplicitAny: the resolver is plain JavaScript (APPSYNC_JS)
const resolver = require('../../src/appsync/authorizeIncident.js') as { request(ctx: any): any; response(ctx: any): any };

const incident = { incidentId: 'inc-1', driverId: 'driver-1', vendorId: 'vendor-X', status: 'en_route' };
const identity = (sub: string, groups: string[] | null, vendorId?: string) => ({
  sub,
  groups,
  claims: { sub, ...(vendorId ? { 'custom:vendorId': vendorId } : {}) },
});
const respond =
  (who: ReturnType<typeof identity>, result: unknown = incident) =>
  () =>
    resolver.response({ result, identity: who, args: { incidentId: 'inc-1' } });

describe('AppSync authorizeIncident', () => {
  it("reads the incident by the incidents table's partition key", () => {
    expect(resolver.request({ args: { incidentId: 'inc-1' } })).toEqual({
      operation: 'GetItem',
      key: { [TABLES.incidents.partitionKey.name]: { S: 'inc-1' } },
      consistentRead: false,
    });
  });

  it('lets the driver, an admin and the assigned vendor (vendor group + matching id) through', () => {
    expect(respond(identity('driver-1', ['driver']))()).toEqual({});
    expect(respond(identity('admin-1', ['admin']))()).toEqual({});
    expect(respond(identity('user-vendor-X', ['vendor'], 'vendor-X'))()).toEqual({});
  });

  it('refuses a driver who set custom:vendorId to the assigned vendor on themselves', () => {
    expect(respond(identity('driver-2', ['driver'], 'vendor-X'))).toThrow('Incident not found');
    expect(respond(identity('driver-2', null, 'vendor-X'))).toThrow('Incident not found');
  });

  it('refuses another vendor, another driver, and an unknown incident alike', () => {
    expect(respond(identity('user-vendor-Y', ['vendor'], 'vendor-Y'))).toThrow('Incident not found');
    expect(respond(identity('driver-3', ['driver']))).toThrow('Incident not found');
    expect(respond(identity('driver-1', ['driver']), null)).toThrow('Incident not found');
    expect(respond(identity('user-vendor-X', ['vendor']))).toThrow('Incident not found'); // group without an id
  });

  it('passes a data source error through', () => {
    expect(() =>
      resolver.response({ error: { message: 'throttled', type: 'DynamoDB:Throttling' }, identity: identity('driver-1', ['driver']) }),
    ).toThrow('throttled');
  });
});
