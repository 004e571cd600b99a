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
});
