// A reversal is filed under the London date it happened on, as acceptance is.
import { describe, expect, it } from 'vitest';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import { reversedPayable } from '../../shared/store/payout-line-items.js';

const line: PayoutLine = {
  id: 'line_1',
  runId: 'run_1',
  fundId: 'fund_1',
  organisationId: 'org_1',
  amountPence: 10_000,
  referralCount: 2,
  payableCount: 2,
  status: 'paid',
  idempotencyKey: 'line_1',
  attempt: 1,
  stripeTransferId: 'tr_1',
  failureCode: null,
  failureDefinitive: null,
  breakdown: { month: { '2026-07': 10_000 }, priorityGroup: { not_recorded: 10_000 }, pcn: { not_recorded: 10_000 } },
};

describe('Function: reversedPayable', () => {
  it('files a reversal at 00:30 London time on a summer date under that London date', () => {
    // Prepare: 23:30 UTC on 15 July 2026 is 00:30 BST on 16 July.
    const at = '2026-07-15T23:30:00.000Z';

    // Act
    const payable = reversedPayable(line, 10_000, at, 'pay_1');

    // Assess
    expect(payable.payableOn).toBe('2026-07-16');
    expect(payable.dims.month).toBe('2026-07');
  });

  it('files a reversal at 00:30 London time on the first of a summer month under the new month', () => {
    const payable = reversedPayable(line, 2_500, '2026-07-31T23:30:00.000Z', 'pay_2');

    expect(payable.payableOn).toBe('2026-08-01');
    expect(payable.dims.month).toBe('2026-08');
    expect(payable.amountPence).toBe(2_500);
  });

  it('files a reversal in winter, when London is on UTC, under the same date', () => {
    expect(reversedPayable(line, 10_000, '2026-12-01T00:30:00.000Z', 'pay_3').payableOn).toBe('2026-12-01');
  });
});
