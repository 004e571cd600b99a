// UK formats for people: money as £1,234.50 and dates as 23 November 2026 in Europe/London.
import { describe, expect, it } from 'vitest';
import { formatDate, formatDateRange, formatMoney } from '../../shared/domain/format.js';

describe('Function: formatMoney', () => {
  it('shows pence as pounds with a thousands separator and two decimals', () => {
    expect(formatMoney(123_450)).toBe('£1,234.50');
    expect(formatMoney(1_200_000)).toBe('£12,000.00');
    expect(formatMoney(99_999_999)).toBe('£999,999.99');
    expect(formatMoney(5)).toBe('£0.05');
    expect(formatMoney(0)).toBe('£0.00');
    expect(formatMoney(30_000_000_000)).toBe('£300,000,000.00');
  });

  it('shows a negative amount with its sign', () => {
    expect(formatMoney(-250)).toBe('-£2.50');
  });

  it('refuses a fraction of a penny rather than rounding it away', () => {
    expect(() => formatMoney(10.5)).toThrow(RangeError);
  });
});

describe('Function: formatDate', () => {
  it('writes a calendar date as day, month name and year', () => {
    expect(formatDate('2026-11-23')).toBe('23 November 2026');
    expect(formatDate('2026-04-01')).toBe('1 April 2026');
    expect(formatDate('2027-03-31')).toBe('31 March 2027');
  });

  it('reads an instant as the day it is in London, across the clock changes', () => {
    // 23:30 UTC on 31 March 2026 is 00:30 BST on 1 April.
    expect(formatDate('2026-03-31T23:30:00Z')).toBe('1 April 2026');
    // 23:30 UTC on 31 October 2026 is 23:30 GMT, still 31 October.
    expect(formatDate(new Date('2026-10-31T23:30:00Z'))).toBe('31 October 2026');
  });

  it('refuses what is not a date', () => {
    expect(() => formatDate('2026-02-30')).toThrow(RangeError);
    expect(() => formatDate('soon')).toThrow(RangeError);
  });

  it('writes a span of dates', () => {
    expect(formatDateRange('2026-04-01', '2027-03-31')).toBe('1 April 2026 to 31 March 2027');
  });
});
