import { describe, expect, it } from 'vitest';
import { londonDate, periodKey, periodsBetween } from '../../shared/domain/periods.js';

describe('Function: londonDate', () => {
  it('puts 23:30 UTC on 31 March 2026 in April, after the clocks went forward', () => {
    expect(londonDate(new Date('2026-03-31T23:30:00Z'))).toBe('2026-04-01');
  });
  it('keeps 23:30 UTC on 31 October 2026 in October, after the clocks went back', () => {
    expect(londonDate(new Date('2026-10-31T23:30:00Z'))).toBe('2026-10-31');
    expect(londonDate(new Date('2026-11-01T00:00:00Z'))).toBe('2026-11-01');
  });
});

describe('Function: periodKey', () => {
  it('names calendar months, calendar quarters and the whole agreement', () => {
    expect(periodKey('month', '2026-11-23', '2026-04-01')).toBe('2026-11');
    expect(periodKey('quarter', '2026-11-23', '2026-04-01')).toBe('2026-Q4');
    expect(periodKey('quarter', '2027-03-31', '2026-04-01')).toBe('2027-Q1');
    expect(periodKey('agreement', '2026-11-23', '2026-04-01')).toBe('agreement');
  });
});

describe('Function: periodsBetween', () => {
  it('lists the months of a financial year, clipping the first and last', () => {
    const periods = periodsBetween('month', '2026-04-15', '2027-03-10');
    expect(periods).toHaveLength(12);
    expect(periods[0]).toEqual({ key: '2026-04', startsOn: '2026-04-15', endsOn: '2026-04-30' });
    expect(periods[6]).toEqual({ key: '2026-10', startsOn: '2026-10-01', endsOn: '2026-10-31' });
    expect(periods[11]).toEqual({ key: '2027-03', startsOn: '2027-03-01', endsOn: '2027-03-10' });
  });
  it('lists quarters and a single agreement period', () => {
    expect(periodsBetween('quarter', '2026-04-01', '2027-03-31').map((p) => p.key)).toEqual(['2026-Q2', '2026-Q3', '2026-Q4', '2027-Q1']);
    expect(periodsBetween('agreement', '2026-04-01', '2027-03-31')).toEqual([{ key: 'agreement', startsOn: '2026-04-01', endsOn: '2027-03-31' }]);
  });
});
