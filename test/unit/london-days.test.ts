// London calendar days as instants, for date filters over timestamps, across the clock changes.
import { describe, expect, it } from 'vitest';
import { londonDayEnd, londonDayStart } from '../../shared/domain/london-days.js';

describe('Function: londonDayStart and londonDayEnd', () => {
  it('bounds a summer day by BST midnights', () => {
    expect(londonDayStart('2026-06-01')).toBe('2026-05-31T23:00:00.000Z');
    expect(londonDayEnd('2026-06-01')).toBe('2026-06-01T23:00:00.000Z');
  });

  it('gives the day the clocks go back its 25 hours, and a winter day GMT midnights', () => {
    expect(londonDayStart('2026-10-25')).toBe('2026-10-24T23:00:00.000Z');
    expect(londonDayEnd('2026-10-25')).toBe('2026-10-26T00:00:00.000Z');
    expect(londonDayStart('2026-12-01')).toBe('2026-12-01T00:00:00.000Z');
  });
});
