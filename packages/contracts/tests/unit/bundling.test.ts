import {
  allFunctions,
  BUNDLING,
  DAX_LAYER,
  needsVpc,
  readsThroughDax,
  TABLES,
  type TableContract,
  usesDaxTable,
} from '@roadcall/contracts';

describe('bundling settings', () => {
  it('keeps the AWS SDK and the DAX client out of every bundle; the DAX client ships as one layer', () => {
    expect(BUNDLING.externalModules).toEqual(expect.arrayContaining(['@aws-sdk/*', '@amazon-dax-sdk/*']));
    expect(DAX_LAYER.module).toBe('@amazon-dax-sdk/lib-dax');
  });
});

describe('DAX per table', () => {
  const tables = TABLES as Record<string, TableContract>;
  const functions = allFunctions();
  const byId = (id: string) => {
    const fn = functions.find((f) => f.id === id);
    if (!fn) throw new Error(`no function ${id}`);
    return fn;
  };

  it('puts vendors behind DAX for the vendors service only; incidents and tracking history are not', () => {
    expect(tables.vendors?.dax?.services).toEqual(['vendors']);
    expect(tables.incidents?.dax).toBeUndefined();
    expect(tables.trackingHistory?.dax).toBeUndefined();
    expect(
      Object.entries(tables)
        .filter(([, t]) => t.dax)
        .map(([key]) => key),
    ).toEqual(['vendors']);
  });

  it('reads through DAX only from vendors-svc functions that use the vendors table', () => {
    for (const fn of functions) {
      const expected = fn.service === 'vendors' && (fn.uses.tables ?? []).some((use) => use.table === 'vendors');
      expect({ id: fn.id, dax: usesDaxTable(fn) }).toEqual({ id: fn.id, dax: expected });
    }
    expect(usesDaxTable(byId('vendors.get'))).toBe(true);
    expect(readsThroughDax(byId('jobs.processJobs'), 'vendors')).toBe(false); // scans / batch-writes directly
    expect(usesDaxTable(byId('incidents.create'))).toBe(false);
    expect(usesDaxTable(byId('tracking.flushHistory'))).toBe(false);
  });

  it('keeps a function out of the VPC unless it reaches Redis, Aurora or DAX', () => {
    for (const fn of functions) {
      expect({ id: fn.id, vpc: needsVpc(fn) }).toEqual({ id: fn.id, vpc: Boolean(fn.uses.redis || fn.uses.database || usesDaxTable(fn)) });
    }
    // jobs.processJobs is in the VPC since it publishes job messages to the live events channel (Redis).
    expect(needsVpc(byId('jobs.processJobs'))).toBe(true);
    for (const id of ['incidents.create', 'incidents.get', 'incidents.list', 'jobs.cleanup']) {
      expect({ id, vpc: needsVpc(byId(id)) }).toEqual({ id, vpc: false });
    }
  });
});
