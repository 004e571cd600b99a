// London days: response deadlines and response times counted by the date library, across clock changes.
import { describe, expect, it } from 'vitest';
import { londonDaysAfter, monthOf, wholeHoursBetween } from '../../shared/domain/periods.js';
import { responseHours } from '../../shared/domain/referral.js';

describe('Function: londonDaysAfter', () => {
  it('keeps a deadline at the same London time of day across the October clock change', () => {
    // 10:00 BST on 20 October 2026 (09:00 UTC); 14 days later is 10:00 GMT on 3 November (10:00 UTC).
    expect(londonDaysAfter(new Date('2026-10-20T09:00:00.000Z'), 14).toISOString()).toBe('2026-11-03T10:00:00.000Z');
  });

  it('adds whole days when no clock change falls between', () => {
    expect(londonDaysAfter(new Date('2026-11-01T09:00:00.000Z'), 14).toISOString()).toBe('2026-11-15T09:00:00.000Z');
  });
});

describe('Function: wholeHoursBetween', () => {
  it('counts whole hours waited, rounding down', () => {
    expect(wholeHoursBetween('2026-11-01T09:00:00.000Z', '2026-11-01T11:59:59.000Z')).toBe(2);
    expect(responseHours('2026-11-01T09:00:00.000Z', '2026-11-02T09:00:00.000Z')).toBe(24);
  });

  it('answers 0 for an answer recorded before the sending time', () => {
    expect(wholeHoursBetween('2026-11-01T09:00:00.000Z', '2026-11-01T08:00:00.000Z')).toBe(0);
  });
});

describe('Function: monthOf', () => {
  it('gives the report month of a London date', () => {
    expect(monthOf('2026-08-01')).toBe('2026-08');
    expect(monthOf('2026-12-31')).toBe('2026-12');
  });
});
