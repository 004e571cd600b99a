import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.js';
import { assertCanReceiveTransfers, groupPayables, linesDigest, retryKey, settledStatus, type Payable } from '../../shared/domain/payout-run.js';

const payable = (organisationId: string, amountPence: number, referralId: string | null = 'ref_1'): Payable => ({
  id: `pay_${Math.random()}`,
  fundId: 'fund_1',
  organisationId,
  agreementId: 'agr_1',
  referralId,
  amountPence,
  payableOn: '2026-11-01',
  dims: { organisation: organisationId, month: '2026-11', priorityGroup: 'Carers', pcn: 'U12345' },
});

describe('Function: assertCanReceiveTransfers', () => {
  it('throws payouts_not_enabled when the transfers capability is not active, so Stripe is never called', () => {
    for (const capability of ['inactive', 'pending', null]) {
      expect(() => assertCanReceiveTransfers({ id: 'org_1', stripeAccountId: 'acct_1', transfersCapability: capability }, 'org_1')).toThrow(
        expect.objectContaining({ code: 'payouts_not_enabled' }) as unknown as AppError,
      );
    }
  });
  it('throws when there is no connected account at all', () => {
    expect(() => assertCanReceiveTransfers({ id: 'org_1', stripeAccountId: null, transfersCapability: null }, 'org_1')).toThrow(/cannot receive/);
    expect(() => assertCanReceiveTransfers(undefined, 'org_1')).toThrow(AppError);
  });
  it('returns the destination account when transfers are active', () => {
    expect(assertCanReceiveTransfers({ id: 'org_1', stripeAccountId: 'acct_1', transfersCapability: 'active' }, 'org_1')).toBe('acct_1');
  });
});

describe('Function: groupPayables', () => {
  it('makes one line per organisation that can be paid and holds the others with their amount', () => {
    const orgs = new Map([
      ['org_a', { id: 'org_a', stripeAccountId: 'acct_a', transfersCapability: 'active' }],
      ['org_b', { id: 'org_b', stripeAccountId: 'acct_b', transfersCapability: 'inactive' }],
    ]);
    const repaid = { ...payable('org_a', 30, null), agreementId: 'reversal' };
    const grouped = groupPayables([payable('org_a', 100), payable('org_a', 250, null), repaid, payable('org_b', 40), payable('org_c', 7)], orgs);
    // One referral, one block instalment and one amount repaid after a reversal: the instalment is told apart from the repayment.
    expect(grouped.lines.map((l) => [l.organisationId, l.amountPence, l.referralCount, l.blockInstalmentCount])).toEqual([['org_a', 380, 1, 1]]);
    expect(grouped.lines[0]!.breakdown.month).toEqual({ '2026-11': 380 });
    expect(grouped.held).toEqual([
      { organisationId: 'org_b', amountPence: 40, reason: 'transfers_not_active' },
      { organisationId: 'org_c', amountPence: 7, reason: 'no_stripe_account' },
    ]);
  });
});

describe('Function: retryKey', () => {
  it('uses a new key after a definitive refusal and the same key after an unknown outcome', () => {
    expect(retryKey({ id: 'line_1', attempt: 1, idempotencyKey: 'line_1', failureDefinitive: true })).toEqual({ key: 'line_1-2', attempt: 2 });
    expect(retryKey({ id: 'line_1', attempt: 2, idempotencyKey: 'line_1-2', failureDefinitive: false })).toEqual({ key: 'line_1-2', attempt: 2 });
  });
});

describe('Function: settledStatus', () => {
  it('is paid_with_failures while any line failed', () => {
    expect(settledStatus([{ status: 'paid' }, { status: 'failed' }])).toBe('paid_with_failures');
    expect(settledStatus([{ status: 'paid' }, { status: 'reversed' }])).toBe('paid');
  });
});

describe('linesDigest', () => {
  const lines = [
    { id: 'line_B', organisationId: 'org_2', amountPence: 3_500 },
    { id: 'line_A', organisationId: 'org_1', amountPence: 1_000 },
  ];

  it('is the same whatever order the lines come in, and counts them', () => {
    expect(linesDigest(lines)).toEqual(linesDigest([...lines].reverse()));
    expect(linesDigest(lines).lineCount).toBe(2);
    expect(linesDigest(lines).linesSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any line’s amount, organisation or membership changes', () => {
    const base = linesDigest(lines).linesSha256;
    expect(linesDigest([{ ...lines[0]!, amountPence: 3_501 }, lines[1]!]).linesSha256).not.toBe(base);
    expect(linesDigest([{ ...lines[0]!, organisationId: 'org_3' }, lines[1]!]).linesSha256).not.toBe(base);
    expect(linesDigest([lines[0]!]).linesSha256).not.toBe(base);
  });

  it('stays a few dozen bytes for a run of 5,000 lines, well inside DynamoDB’s 400 KB item', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => ({ id: `line_${String(i).padStart(26, '0')}`, organisationId: `org_${String(i).padStart(26, '0')}`, amountPence: 1_000 }));
    expect(JSON.stringify(linesDigest(many)).length).toBeLessThan(120);
  });
});
