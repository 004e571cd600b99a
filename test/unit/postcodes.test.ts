// Distances between postcode districts from the shipped table, and postcodes read at the edge.
import { describe, expect, it } from 'vitest';
import { districtDistanceKm, districtOf } from '../../shared/domain/postcodes.js';
import { DistrictSchema, PostcodeSchema } from '../../functions/api/schemas/postcode.js';

describe('Function: districtDistanceKm', () => {
  it('puts Strood nearer Chatham than Sheerness, and is the same both ways', () => {
    const chatham = districtDistanceKm('ME2', 'ME4')!;
    const sheerness = districtDistanceKm('ME2', 'ME12')!;
    expect(chatham).toBeLessThan(sheerness);
    expect(districtDistanceKm('ME12', 'ME2')).toBe(sheerness);
    expect(districtDistanceKm('ME4', 'ME4')).toBe(0);
  });

  it('gives Chatham to Sheerness as about 20 km', () => {
    expect(districtDistanceKm('ME4', 'ME12')).toBeGreaterThan(15);
    expect(districtDistanceKm('ME4', 'ME12')).toBeLessThan(25);
  });

  it('knows nothing of a district outside the table', () => {
    expect(districtDistanceKm('ME4', 'EH1')).toBeUndefined();
  });
});

describe('Schema: postcodes', () => {
  it('stores a postcode in its normal form and refuses one that is not', () => {
    expect(PostcodeSchema.parse(' me44qu ')).toBe('ME4 4QU');
    expect(districtOf(PostcodeSchema.parse('me12 1hh'))).toBe('ME12');
    expect(PostcodeSchema.safeParse('ME4').success).toBe(false);
  });

  it('reads a full postcode or a district as its district', () => {
    expect(DistrictSchema.parse('ME10 4DE')).toBe('ME10');
    expect(DistrictSchema.parse('me4')).toBe('ME4');
    expect(DistrictSchema.safeParse('NOWHERE').success).toBe(false);
  });
});
