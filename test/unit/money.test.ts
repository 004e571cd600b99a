import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatPence, pence, splitEvenly } from '../../shared/domain/money.js';

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

describe('Function: formatPence', () => {
  it('shows money the UK way', () => {
    expect(formatPence(123450)).toBe('£1,234.50');
    expect(formatPence(30_000_000)).toBe('£300,000.00');
  });
});
