import { VENDOR_SERVICE_TYPES } from '@roadcall/vendors-svc';
import { CALLER_TRANSITIONS, rankCandidates, SERVICE_TYPES } from '../../src';

describe('incident rules', () => {
  it('accepts exactly the service types the vendors service offers', () => {
    expect([...SERVICE_TYPES].sort()).toEqual([...VENDOR_SERVICE_TYPES].sort());
  });

  it('never lets a caller leave a terminal status', () => {
    for (const rule of Object.values(CALLER_TRANSITIONS)) {
      expect(rule.from).not.toContain('completed');
      expect(rule.from).not.toContain('cancelled');
    }
  });

  it('ranks by distance, and by rating only among near-equals', () => {
    const ranked = rankCandidates([
      { vendorId: 'far-great', distanceKm: 5, rating: 5 },
      { vendorId: 'near-poor', distanceKm: 2.05, rating: 3 },
      { vendorId: 'near-great', distanceKm: 2.3, rating: 4.9 },
      { vendorId: 'nearest', distanceKm: 0.4, rating: 1 },
    ]);
    expect(ranked.map((candidate) => candidate.vendorId)).toEqual(['nearest', 'near-great', 'near-poor', 'far-great']);
  });
});
