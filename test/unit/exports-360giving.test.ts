// 360Giving grants from agreements: the schema (1.4.3 fixture) accepts them, and every paid penny
// lands on the agreement it was owed under, reversals included.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Agreement } from '../../shared/domain/agreement.js';
import { lineShares, paymentsByAgreement, scaleParts, UNATTRIBUTED, type LinePayable } from '../../shared/domain/exports/agreement-payments.js';
import { validateJson, type JsonSchema } from '../support/json-schema-subset.js';
import { organisationIdentifier } from '../../shared/domain/exports/org-identifier.js';
import { amountAwardedPence, grantFromAgreement, grantPackage } from '../../shared/domain/exports/three-sixty-giving.js';

const schema = JSON.parse(readFileSync(new URL('../fixtures/360giving-schema-1.4.3.json', import.meta.url), 'utf8')) as JsonSchema;

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
  it('makes a grant the 360Giving 1.4.3 schema accepts', () => {
    expect(validateJson(schema, grant())).toEqual([]);
    expect(validateJson(schema, grant({ kind: 'block', amountPence: 1_200_000, tariffPence: null, capacity: 20 }, []))).toEqual([]);
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
      regrantType: 'FRG020',
      plannedDates: [{ startDate: '2026-04-01', endDate: '2027-03-31' }],
      disbursementTransaction: [{ id: 'tr_1', transactionDate: '2026-05-01', currency: 'GBP', value: 50, provider: 'GB-CHC-1092948', recipient: '360G-test-org_v' }],
    });
  });

  it('is refused by the schema when a required field is missing or mistyped', () => {
    const { title: _title, ...untitled } = grant();
    expect(validateJson(schema, untitled)).toContainEqual({ path: '/', message: 'must have title' });
    expect(validateJson(schema, { ...grant(), amountAwarded: '75.00' }).map((e) => e.path)).toContain('/amountAwarded');
    expect(validateJson(schema, { ...grant(), recipientOrganization: [] }).length).toBeGreaterThan(0);
    expect(validateJson(schema, { ...grant(), regrantType: 'FRG999' }).map((e) => e.path)).toContain('/regrantType');
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
    const out = paymentsByAgreement([line('l1', 15_000, { status: 'reversed', reversedPence: 3_000 }), line('l2', 3_000)], payables);
    const total = [...out.values()].flat().reduce((sum, p) => sum + p.amountPence, 0);
    expect(total).toBe(15_000);
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
