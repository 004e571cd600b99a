// Where an agreement ends when ended early, and which block instalments go back to the fund.
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../../shared/domain/agreement.js';
import { endingOf } from '../../shared/domain/agreement-end.js';

const block = (extra: Partial<Agreement> = {}): Agreement => ({
  id: 'agr_1',
  fundId: 'fund_1',
  organisationId: 'org_1',
  activityId: null,
  kind: 'block',
  capacity: 10,
  period: 'month',
  tariffPence: null,
  amountPence: 400_001,
  startsOn: '2026-12-01',
  endsOn: '2027-03-31',
  createdAt: '2026-11-30T09:00:00Z',
  createdBy: 'fm-1',
  ...extra,
});

describe('Function: endingOf', () => {
  it('ends at the end of the current month and keeps its instalment, odd penny included', () => {
    expect(endingOf(block(), '2026-12-15')).toEqual({
      endsOn: '2026-12-31',
      amountPence: 100_001,
      released: [
        { periodKey: '2027-01', payableOn: '2027-01-01', amountPence: 100_000 },
        { periodKey: '2027-02', payableOn: '2027-02-01', amountPence: 100_000 },
        { periodKey: '2027-03', payableOn: '2027-03-01', amountPence: 100_000 },
      ],
    });
  });

  it('keeps what it keeps plus what it releases equal to what it was worth', () => {
    for (const today of ['2026-12-01', '2027-01-31', '2027-02-10', '2027-03-31']) {
      const ending = endingOf(block(), today);
      expect(ending.amountPence! + ending.released.reduce((sum, i) => sum + i.amountPence, 0)).toBe(400_001);
    }
  });

  it('ends a quarterly agreement at the end of the quarter', () => {
    expect(endingOf(block({ period: 'quarter', startsOn: '2026-10-01', endsOn: '2027-09-30' }), '2026-11-20').endsOn).toBe('2026-12-31');
  });

  it('ends one not yet started the day before it begins, keeping nothing', () => {
    expect(endingOf(block({ startsOn: '2027-01-01' }), '2026-12-15')).toMatchObject({ endsOn: '2026-12-31', amountPence: 0 });
  });

  it('releases no money from a per-referral agreement', () => {
    expect(endingOf(block({ kind: 'per_referral', amountPence: null, tariffPence: 2_000 }), '2026-12-15')).toEqual({ endsOn: '2026-12-31', amountPence: null, released: [] });
  });

  it('refuses one already over or already ended, in UK dates', () => {
    expect(() => endingOf(block(), '2027-04-01')).toThrow('ended on 31 March 2027');
    expect(() => endingOf({ ...block(), endedAt: '2026-12-01T10:00:00Z', endsOn: '2026-12-31' }, '2026-12-15')).toThrow('already ended');
  });
});
