// 360Giving grants from agreements: the published 1.4.3 schemas accept them (ajv), and every paid
// penny lands on the agreement it was owed under, reversals included as negative disbursements.
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../../shared/domain/agreement.js';
import { lineShares, paymentsByAgreement, scaleParts, UNATTRIBUTED, type LinePayable } from '../../shared/domain/exports/agreement-payments.js';
import { organisationIdentifier } from '../../shared/domain/exports/org-identifier.js';
import { amountAwardedPence, grantFromAgreement, grantPackage, plannedMaximumPence, regrantTypeFor } from '../../shared/domain/exports/three-sixty-giving.js';
import { threeSixtyGivingErrors } from '../support/standards.js';

const errorsOf = (grant: unknown) => threeSixtyGivingErrors({ grants: [grant] });

const agreement = (extra: Partial<Agreement> = {}): Agreement => ({
  id: 'agr_01',
  fundId: 'fund_01',
  organisationId: 'org_v',
  activityId: null,
  kind: 'per_referral',
  capacity: null,
  period: 'month',
  tariffPence: 2_500,
  amountPence: null,
  startsOn: '2026-04-01',
  endsOn: '2027-03-31',
  createdAt: '2026-03-31T23:15:00Z',
  createdBy: 'fm-1',
  ...extra,
});

const grant = (extra: Partial<Agreement> = {}, payments = [{ agreementId: 'agr_01', transactionId: 'tr_1', lineId: 'line_1', paidAt: '2026-05-01T10:00:00Z', amountPence: 5_000 }]) =>
  grantFromAgreement(
    {
      agreement: agreement(extra),
      fund: { id: 'fund_01', name: 'Health Inequalities Fund' },
      funder: { id: 'org_m', name: 'Medway Voluntary Action', charityNumber: '1092948', companyNumber: null },
      recipient: { id: 'org_v', name: 'Walk, Talk & Tea', charityNumber: null, companyNumber: null },
      activityName: null,
      acceptedReferrals: 3,
      payments,
    },
    { prefix: '360G-test', exportedAt: '2026-11-23T12:00:00.000Z' },
  );

describe('Function: grantFromAgreement', () => {
  it('makes a grant the published 360Giving 1.4.3 package and grant schemas accept', () => {
    expect(errorsOf(grant())).toEqual([]);
    expect(errorsOf(grant({ kind: 'block', amountPence: 1_200_000, tariffPence: null, capacity: 20 }, []))).toEqual([]);
  });

  it('fills the required fields: prefixed identifier, GBP, pounds, award date in London, both organisations', () => {
    expect(grant()).toMatchObject({
      id: '360G-test-agr_01',
      currency: 'GBP',
      amountAwarded: 75,
      amountDisbursed: 50,
      awardDate: '2026-04-01',
      recipientOrganization: [{ id: '360G-test-org_v', name: 'Walk, Talk & Tea' }],
      fundingOrganization: [{ id: 'GB-CHC-1092948', name: 'Medway Voluntary Action' }],
      plannedDates: [{ startDate: '2026-04-01', endDate: '2027-03-31' }],
      disbursementTransaction: [{ id: 'tr_1', transactionDate: '2026-05-01', currency: 'GBP', value: 50, provider: 'GB-CHC-1092948', recipient: '360G-test-org_v' }],
    });
  });

  it('is refused by the published schema when a required field is missing or mistyped', () => {
    const { title: _title, ...untitled } = grant();
    expect(errorsOf(untitled).join('\n')).toContain("must have required property 'title'");
    expect(errorsOf({ ...grant(), amountAwarded: '75.00' }).join('\n')).toContain('/grants/0/amountAwarded');
    expect(errorsOf({ ...grant(), recipientOrganization: [] }).length).toBeGreaterThan(0);
    expect(errorsOf({ ...grant(), regrantType: 'FRG999' })).toContain('/grants/0/regrantType: FRG999 is not in regrantType.csv');
    expect(threeSixtyGivingErrors({ grants: [] }).length).toBeGreaterThan(0);
  });

  it('gives a grant to an organisation delivering activities no regrant type, and one to an intermediary FRG020', () => {
    expect(grant()).not.toHaveProperty('regrantType');
    expect(regrantTypeFor({ kind: 'vcse' })).toBeUndefined();
    expect(regrantTypeFor({ kind: 'fund_manager' })).toBe('FRG020');
  });

  it('publishes a reversal as a negative disbursement naming the transaction it reverses, so amountDisbursed is what was kept', () => {
    const paid = { agreementId: 'agr_01', transactionId: 'tr_1', lineId: 'line_1', paidAt: '2026-05-01T10:00:00Z', amountPence: 5_000 };
    const reversed = { ...paid, transactionId: 'tr_1-R1', paidAt: '2026-05-09T10:00:00Z', amountPence: -2_000, reversalOf: 'tr_1' };
    const g = grant({}, [paid, reversed]);
    expect(g.amountDisbursed).toBe(30);
    expect(g.disbursementTransaction).toMatchObject([{ id: 'tr_1', value: 50 }, { id: 'tr_1-R1', value: -20, transactionDate: '2026-05-09', description: 'Reversal of transaction tr_1 (payout line line_1)' }]);
    expect(errorsOf(g)).toEqual([]);
  });

  it('says what a per-referral agreement has earned so far and its planned maximum', () => {
    // 4 referrals a month over the 12 months April to March at £25 is at most £1,200.
    expect(plannedMaximumPence(agreement({ capacity: 4 }))).toBe(120_000);
    expect(grant({ capacity: 4 }).description).toContain('planned maximum of £1,200.00; 3 accepted so far');
    expect(grant().description).toContain('no planned maximum');
    expect(plannedMaximumPence(agreement({ kind: 'block', capacity: 4 }))).toBeNull();
  });

  it('keeps a title within 140 characters', () => {
    const long = grantFromAgreement(
      { ...{ agreement: agreement(), fund: { id: 'f', name: 'F' }, funder: { id: 'm', name: 'M', charityNumber: null, companyNumber: null }, acceptedReferrals: 0, payments: [] }, recipient: { id: 'v', name: 'V'.repeat(300), charityNumber: null, companyNumber: null }, activityName: null },
      { prefix: 'p', exportedAt: '2026-11-23T12:00:00Z' },
    );
    expect(long.title.length).toBeLessThanOrEqual(140);
  });
});

describe('Function: amountAwardedPence', () => {
  it('awards a block agreement its amount, and a per-referral agreement its tariff per accepted referral', () => {
    expect(amountAwardedPence({ kind: 'block', amountPence: 1_200_000, tariffPence: null }, 7)).toBe(1_200_000);
    expect(amountAwardedPence({ kind: 'per_referral', amountPence: null, tariffPence: 2_500 }, 7)).toBe(17_500);
  });
});

describe('Function: organisationIdentifier', () => {
  it.each([
    [{ charityNumber: '1092948', companyNumber: '0123' }, 'GB-CHC-1092948'],
    [{ charityNumber: 'sc 012345', companyNumber: null }, 'GB-SC-SC012345'],
    [{ charityNumber: 'NIC100002', companyNumber: null }, 'GB-NIC-100002'],
    [{ charityNumber: null, companyNumber: '01234567' }, 'GB-COH-01234567'],
    [{ charityNumber: ' ', companyNumber: null }, '360G-test-org_x'],
  ])('identifies %j as %s', (numbers, id) => {
    expect(organisationIdentifier({ id: 'org_x', ...numbers }, '360G-test')).toBe(id);
  });
});

describe('Function: paymentsByAgreement', () => {
  const line = (id: string, amountPence: number, extra: Record<string, unknown> = {}) => ({
    id, runId: 'run', fundId: 'fund', organisationId: 'org', amountPence, status: 'paid', stripeTransferId: `tr_${id}`, paidAt: '2026-05-01T10:00:00Z', ...extra,
  });
  const payables = new Map<string, LinePayable[]>([
    ['l1', [{ agreementId: 'agr_a', amountPence: 2_500 }, { agreementId: 'agr_a', amountPence: 2_500 }, { agreementId: 'agr_b', amountPence: 10_000 }]],
    ['l2', [{ agreementId: 'reversal', amountPence: 3_000, reversalOf: 'l1' }]],
  ]);

  it('splits a line across the agreements its payables were owed under', () => {
    const out = paymentsByAgreement([line('l1', 15_000)], payables);
    expect(out.get('agr_a')?.map((p) => p.amountPence)).toEqual([5_000]);
    expect(out.get('agr_b')?.map((p) => p.amountPence)).toEqual([10_000]);
  });

  it('follows an amount paid again after a reversal back to the agreements of the reversed line, to the penny', () => {
    const shares = lineShares('l2', payables);
    expect(shares).toEqual(new Map([['agr_a', 1_000], ['agr_b', 2_000]]));
    const reversal = { runId: 'run', lineId: 'l1', amountPence: 3_000, at: '2026-05-03T10:00:00Z', n: 1 };
    const out = paymentsByAgreement([line('l1', 15_000, { status: 'reversed', reversedPence: 3_000 }), line('l2', 3_000)], payables, [reversal]);
    const total = [...out.values()].flat().reduce((sum, p) => sum + p.amountPence, 0);
    expect(total).toBe(15_000);
    // The reversal is its own negative payment on each agreement, in the reversed line's proportions.
    expect(out.get('agr_a')?.map((p) => [p.transactionId, p.amountPence])).toEqual([['tr_l1', 5_000], ['tr_l2', 1_000], ['tr_l1-R1', -1_000]]);
    expect(out.get('agr_b')?.map((p) => [p.transactionId, p.amountPence])).toEqual([['tr_l1', 10_000], ['tr_l2', 2_000], ['tr_l1-R1', -2_000]]);
  });

  it('lists an amount it cannot trace as unattributed rather than dropping it', () => {
    const out = paymentsByAgreement([line('orphan', 700)], new Map());
    expect(out.get(UNATTRIBUTED)?.[0]?.amountPence).toBe(700);
  });

  it('scales parts so they always add back to the whole', () => {
    const parts = new Map([['a', 1], ['b', 1], ['c', 1]]);
    const scaled = scaleParts(parts, 100);
    expect([...scaled.values()].reduce((s, v) => s + v, 0)).toBe(100);
    expect(scaled).toEqual(new Map([['a', 34], ['b', 33], ['c', 33]]));
  });
});

describe('Function: grantPackage', () => {
  it('wraps grants as a 360Giving package', () => {
    expect(grantPackage([grant()])).toEqual({ grants: [grant()] });
  });
});
