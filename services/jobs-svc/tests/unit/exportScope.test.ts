import { exportParams, exportScope } from '../../src/processors/export';

describe('export scope', () => {
  it('is all for vendors and mine for incidents unless asked, and refuses "mine" vendors', () => {
    expect(exportScope({ source: 'vendors' })).toBe('all');
    expect(exportScope({ source: 'incidents' })).toBe('mine');
    expect(exportScope({ source: 'incidents', scope: 'all' })).toBe('all');
    expect(exportParams.safeParse({ source: 'vendors', scope: 'mine' }).success).toBe(false);
    expect(exportParams.safeParse({ source: 'vendors', scope: 'all' }).success).toBe(true);
  });
});
