// How pages write money and moments: £1,234.50, 23 November 2026, and the London time on a 12-hour clock.
import { describe, expect, it } from 'vitest';
import { date, dateTime, money } from './format.js';

describe('Web: formats people read', () => {
  it('writes money in pounds and dates in words', () => {
    expect(money(123_450)).toBe('£1,234.50');
    expect(date('2026-11-23')).toBe('23 November 2026');
  });

  it('writes the hours around noon and midnight as 12, in London time', () => {
    expect(dateTime('2026-12-01T12:29:00Z')).toBe('1 December 2026, 12:29 pm');
    expect(dateTime('2026-12-01T00:05:00Z')).toBe('1 December 2026, 12:05 am');
    expect(dateTime('2026-06-01T13:00:00Z')).toBe('1 June 2026, 2:00 pm');
  });
});
