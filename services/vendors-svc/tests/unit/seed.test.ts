import { haversineKm } from '@roadcall/utils/geo';
import { DEMO_VENDOR, generateVendors, METROS } from '../../src/seed';

describe('generateVendors', () => {
  it('is deterministic by seed, and starts with the demo vendor', () => {
    const a = [...generateVendors({ count: 500, seed: 7 })];
    const b = [...generateVendors({ count: 500, seed: 7 })];
    const c = [...generateVendors({ count: 500, seed: 8 })];
    expect(a).toEqual(b);
    expect(a.slice(1)).not.toEqual(c.slice(1));
    expect(a[0]).toMatchObject(DEMO_VENDOR);
    expect(new Set(a.map((v) => v.vendorId)).size).toBe(500);
    expect(a[499]?.vendorId).toBe('vendor-000499');
  });

  it('places vendors around real metro areas with plausible attributes', () => {
    const vendors = [...generateVendors({ count: 2_000, seed: 42 })];
    for (const vendor of vendors) {
      const metro = METROS.find((m) => m.name === vendor.metro);
      expect(metro).toBeDefined();
      // 6 standard deviations: a vendor outside is a bug, not bad luck.
      expect(haversineKm(vendor.location, metro as { lat: number; lon: number })).toBeLessThan(6 * 1.5 * (metro?.spreadKm ?? 0));
      expect(vendor.services.length).toBeGreaterThan(0);
      expect(vendor.rating).toBeGreaterThanOrEqual(3);
      expect(vendor.rating).toBeLessThanOrEqual(5);
    }
    const available = vendors.filter((v) => v.available).length / vendors.length;
    expect(available).toBeGreaterThan(0.6);
    expect(available).toBeLessThan(0.8);
    expect(new Set(vendors.map((v) => v.metro)).size).toBe(METROS.length);
  });
});
