import { allFunctions, BUNDLING, installedModules, TABLES, usesDaxTable } from '@roadcall/contracts';

describe('bundling settings', () => {
  it('keeps the AWS SDK and the DAX client out of every bundle', () => {
    expect(BUNDLING.externalModules).toEqual(expect.arrayContaining(['@aws-sdk/*', '@amazon-dax-sdk/*']));
  });

  it('installs the DAX client exactly for the functions that use a DAX table', () => {
    const daxTables = new Set(
      Object.entries(TABLES)
        .filter(([, table]) => (table as { dax?: boolean }).dax)
        .map(([key]) => key),
    );
    const functions = allFunctions();
    for (const fn of functions) {
      const expected = (fn.uses.tables ?? []).some((use) => daxTables.has(use.table));
      expect({ id: fn.id, dax: usesDaxTable(fn) }).toEqual({ id: fn.id, dax: expected });
      expect({ id: fn.id, modules: installedModules(fn) }).toEqual({ id: fn.id, modules: expected ? ['@amazon-dax-sdk/lib-dax'] : [] });
    }
    const modulesOf = (id: string) => installedModules(functions.find((fn) => fn.id === id) ?? { uses: {} });
    expect(modulesOf('vendors.get')).toEqual(['@amazon-dax-sdk/lib-dax']);
    expect(modulesOf('platform.warmer')).toEqual([]);
  });
});
