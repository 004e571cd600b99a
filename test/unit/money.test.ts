import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pence, splitEvenly, splitProportionally } from '../../shared/domain/money.js';

describe('Function: splitEvenly', () => {
  it('splits into parts that add back to the whole and differ by at most 1p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), fc.integer({ min: 1, max: 60 }), (total, parts) => {
        const split = splitEvenly(pence(total), parts);
        expect(split).toHaveLength(parts);
        expect(split.reduce((a, b) => a + b, 0)).toBe(total);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives the remainder pence to the earliest instalments', () => {
    expect(splitEvenly(pence(1000), 3)).toEqual([334, 333, 333]);
  });
});

describe('Function: pence', () => {
  it('refuses fractions and negatives', () => {
    expect(() => pence(1.5)).toThrow(RangeError);
    expect(() => pence(-1)).toThrow(RangeError);
  });
});

describe('Function: splitProportionally', () => {
  it('adds back to the whole, and never gives a part more than its weight', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, fraction) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        fc.pre(sum > 0);
        const total = Math.floor(sum * fraction);
        const parts = splitProportionally(pence(total), weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        parts.forEach((part, i) => expect(part).toBeLessThanOrEqual(weights[i]!));
      }),
    );
  });

  it('splits £2.00 over 100p, 100p and 1p without overpaying the smallest', () => {
    expect(splitProportionally(pence(200), [100, 100, 1])).toEqual([100, 99, 1]);
  });

  it('gives each part exactly its weight when the whole is their sum, however large the amounts', () => {
    // Weight × total passes 2^53 here: floating-point shares would be off by pence.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50_000_000_000 }), { minLength: 2, maxLength: 8 }), (weights) => {
        const sum = weights.reduce((a, b) => a + b, 0);
        expect(splitProportionally(pence(sum), weights)).toEqual(weights);
      }),
    );
  });

  it('gives the pence left over to the largest remainders, however large the amounts', () => {
    // Three quarters of each: 15,000,000,000.75, 7,500,000,001.5 and 7,499,999,997.75; 2p left over go to the .75s.
    expect(splitProportionally(pence(30_000_000_000), [20_000_000_001, 10_000_000_002, 9_999_999_997])).toEqual([15_000_000_001, 7_500_000_001, 7_499_999_998]);
  });
});
