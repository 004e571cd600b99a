// Reports against the ledger: the aggregates equal a brute-force recomputation, whatever happened
// (partial and repeated reversals included); spend by month paid; capacity of every agreement period.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../shared/domain/periods.js';
import { payableBreakdown, type Payable } from '../../shared/domain/payout-run.js';
import { createActivity, createAgreement, createOrganisation, createScenario, tableSnapshot, userOf } from '../support/builders.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
let now = new Date('2026-06-01T09:00:00Z');
beforeAll(async () => {
  h = await createPayoutHarness({ worker: {} });
  // Acceptances happen at the test's clock; payouts at real time.
  (h.deps as { clock: () => Date }).clock = () => now;
});
afterAll(() => h.close());

type Row = { key: string; acceptedReferrals: number; reservedPence: number; paidPence: number };
type StoredPayable = Payable & { lineId?: string; status: string; reversalOf?: string };

/**
 * The spend report worked out from scratch: accepted referrals, and every payable amount with its
 * line's fate. A payable on a paid or reversed line was paid; each reversal took its own amount back
 * out of paid (under the keys its payable records) and that amount lives on as a payable of its own.
 */
const bruteForce = async (fundId: string, dimension: 'organisation' | 'month' | 'priorityGroup' | 'pcn') => {
  const items = (await tableSnapshot(h)) as Record<string, any>[];
  const lineStatus = new Map(items.filter((i) => i.entity === 'payout_line').map((l) => [l.id, l.status]));
  const rows = new Map<string, Row>();
  const row = (key: string) => rows.get(key) ?? rows.set(key, { key, acceptedReferrals: 0, reservedPence: 0, paidPence: 0 }).get(key)!;
  for (const r of items.filter((i) => i.entity === 'referral' && i.status === 'accepted' && i.funding?.fundId === fundId)) {
    const key = { organisation: r.organisationId, month: londonDate(new Date(r.acceptedAt)).slice(0, 7), priorityGroup: r.priorityGroup ?? 'not_recorded', pcn: r.pcnOdsCode ?? 'not_recorded' }[dimension];
    row(key).acceptedReferrals += 1;
  }
  const partsOf = (p: StoredPayable) => (dimension === 'organisation' ? { [p.organisationId]: p.amountPence } : payableBreakdown(p)[dimension]);
  for (const p of items.filter((i) => i.entity === 'payable' && i.fundId === fundId) as StoredPayable[]) {
    const status = p.status === 'open' ? 'open' : lineStatus.get(p.lineId!);
    const paid = status === 'paid' || status === 'reversed';
    for (const [key, amount] of Object.entries(partsOf(p))) {
      if (paid) row(key).paidPence += amount;
      else row(key).reservedPence += amount;
      if (p.reversalOf) row(key).paidPence -= amount;
    }
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
};

/** Spend by month paid from scratch: each paid line in its London month, each reversal event in its own. */
const bruteForceMonthPaid = async (fundId: string) => {
  const items = (await tableSnapshot(h)) as Record<string, any>[];
  const months = new Map<string, number>();
  const add = (at: string, amount: number) => months.set(londonDate(new Date(at)).slice(0, 7), (months.get(londonDate(new Date(at)).slice(0, 7)) ?? 0) + amount);
  for (const l of items.filter((i) => i.entity === 'payout_line' && i.fundId === fundId && i.paidAt && (i.status === 'paid' || i.status === 'reversed'))) add(l.paidAt, l.amountPence);
  for (const e of items.filter((i) => i.entity === 'audit_event' && i.fundId === fundId && i.action === 'payout_line.reversed')) add(e.at, -e.data.amountPence);
  return [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, netPaidPence]) => ({ key, netPaidPence }));
};

/** Every row of a report, read three at a time through its cursor. */
const allRows = async <T>(path: string, as: ReturnType<typeof userOf>): Promise<T[]> => {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const res: { status: number; body: { items: T[]; nextCursor: string | null } } = await h.call('GET', `${path}&limit=3${cursor ? `&cursor=${cursor}` : ''}`, { as });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
};

const reported = async (fundId: string, groupBy: string, as: ReturnType<typeof userOf>) =>
  // Rows that only ever held zero (a key whose money all moved away) carry no information.
  (await allRows<Row>(`/v1/reports/spend?fundId=${fundId}&groupBy=${groupBy}`, as))
    .filter((r) => r.acceptedReferrals || r.reservedPence || r.paidPence)
    .sort((a, b) => a.key.localeCompare(b.key));

const Step = fc.oneof(
  fc.record({ kind: fc.constant('accept' as const), org: fc.integer({ min: 0, max: 2 }), pg: fc.constantFrom('Carers', 'Frail older people', undefined), pcn: fc.constantFrom('U12345', 'U54321', undefined), hours: fc.integer({ min: 1, max: 24 * 20 }) }),
  fc.record({ kind: fc.constant('pay' as const), reverse: fc.constantFrom('none', 'full', 'partial', 'partial twice'), share: fc.double({ min: 0.05, max: 0.6, noNaN: true }) }),
);

describe('Route: GET /v1/reports/spend', () => {
  it('equals a brute-force recomputation from referrals, payable amounts and payouts, for every grouping', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 3, maxLength: 12 }), async (steps) => {
        now = new Date('2026-06-01T09:00:00Z');
        const s = await createScenario(h);
        const commissioner = userOf('org_icb', 'commissioner');
        const orgs = [{ id: s.vcseOrgId, activityId: s.activityId }];
        for (let i = 0; i < 2; i += 1) {
          const org = await createOrganisation(h, 'vcse');
          orgs.push({ id: org.id, activityId: (await createActivity(h, org.id)).id });
        }
        await createAgreement(h, s, { kind: 'block', capacity: 2, amountPence: 90_000, period: 'month', organisationId: orgs[0]!.id, startsOn: '2026-06-01', endsOn: '2026-08-31' });
        await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500, organisationId: orgs[0]!.id });
        await createAgreement(h, s, { kind: 'per_referral', tariffPence: 3_100, organisationId: orgs[1]!.id });
        await createAgreement(h, s, { kind: 'per_referral', tariffPence: 999, organisationId: orgs[2]!.id });
        for (const org of orgs.slice(0, 2)) await onboard(h, org.id);
        for (const step of steps) {
          if (step.kind === 'accept') {
            now = new Date(now.getTime() + step.hours * 3_600_000);
            const org = orgs[step.org]!;
            const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: org.activityId, clientRef: `P-${now.getTime()}`, source: 'gp', priorityGroup: step.pg, pcnOdsCode: step.pcn } });
            await h.call('POST', `/v1/referrals/${sent.body.id}/accept`, { as: userOf(org.id, 'vcse') });
          } else {
            const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(now) } });
            if (draft.status !== 201 || draft.body.lines.length === 0) continue;
            await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
            const run = await settled(h, draft.body.id, s.manager);
            const line = run.lines[0];
            const part = Math.max(1, Math.floor(line.amountPence * step.share));
            const amounts = { none: [], full: [undefined], partial: [part], 'partial twice': [part, part] }[step.reverse];
            for (const amount of amounts) {
              await fetch(`${h.sandbox.url}/v1/transfers/${line.stripeTransferId}/reversals`, {
                method: 'POST',
                headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
                ...(amount === undefined ? {} : { body: `amount=${amount}` }),
              });
              await h.sandbox.webhooksIdle();
            }
          }
        }
        for (const groupBy of ['organisation', 'monthEarned', 'priorityGroup', 'pcn'] as const) {
          const dimension = groupBy === 'monthEarned' ? 'month' : groupBy;
          expect(await reported(s.fundId, groupBy, commissioner), groupBy).toEqual((await bruteForce(s.fundId, dimension)).filter((r) => r.acceptedReferrals || r.reservedPence || r.paidPence));
        }
        // The contract's `month` is the month earned.
        expect(await reported(s.fundId, 'month', commissioner)).toEqual(await reported(s.fundId, 'monthEarned', commissioner));
        const fund = (await h.call('GET', `/v1/funds/${s.fundId}`, { as: commissioner })).body;
        const byOrg = await reported(s.fundId, 'organisation', commissioner);
        expect(byOrg.reduce((sum, r) => sum + r.paidPence, 0)).toBe(fund.paidPence);
        expect(byOrg.reduce((sum, r) => sum + r.reservedPence, 0)).toBe(fund.reservedPence);
        const monthPaid = await allRows<{ key: string; paidPence: number; reversedPence: number; netPaidPence: number }>(`/v1/reports/spend?fundId=${s.fundId}&groupBy=monthPaid`, commissioner);
        expect(monthPaid.map((r) => ({ key: r.key, netPaidPence: r.netPaidPence }))).toEqual(await bruteForceMonthPaid(s.fundId));
        for (const r of monthPaid) expect(r.netPaidPence).toBe(r.paidPence - r.reversedPence);
        expect(monthPaid.reduce((sum, r) => sum + r.netPaidPence, 0)).toBe(fund.paidPence);
      }),
      { numRuns: 6 },
    );
  }, 240_000);
});

describe('Report access', () => {
  it('lets commissioners and the fund’s managers read reports, and refuses VCSE users and link workers', async () => {
    const s = await createScenario(h);
    for (const path of [`/v1/reports/spend?fundId=${s.fundId}`, `/v1/reports/capacity?fundId=${s.fundId}`]) {
      expect((await h.call('GET', path, { as: userOf('org_icb', 'commissioner') })).status).toBe(200);
      expect((await h.call('GET', path, { as: s.manager })).status).toBe(200);
      expect((await h.call('GET', path, { as: s.vcse })).status).toBe(403);
      expect((await h.call('GET', path, { as: s.linkWorker })).status).toBe(403);
      expect((await h.call('GET', path, { as: userOf('org_other', 'fund_manager') })).status).toBe(404);
    }
  });

  it('shows every period of every agreement that has not ended, used or not', async () => {
    now = new Date('2026-07-10T09:00:00Z');
    const s = await createScenario(h);
    const block = await createAgreement(h, s, { kind: 'block', capacity: 5, amountPence: 60_000, period: 'month', startsOn: '2026-07-01', endsOn: '2026-12-31' });
    const unused = await createAgreement(h, s, { kind: 'per_referral', capacity: 10, tariffPence: 2_000, period: 'quarter', startsOn: '2026-07-01', endsOn: '2027-03-31' });
    for (let i = 0; i < 2; i += 1) {
      const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: s.activityId, clientRef: `CAP-${i}`, source: 'gp' } });
      await h.call('POST', `/v1/referrals/${sent.body.id}/accept`, { as: s.vcse });
    }
    const rows = await allRows<Record<string, unknown>>(`/v1/reports/capacity?fundId=${s.fundId}`, userOf('org_icb', 'commissioner'));
    const ofBlock = rows.filter((r) => r.agreementId === block.id);
    expect(ofBlock.map((r) => [r.periodKey, r.used, r.remaining])).toEqual([
      ['2026-07', 2, 3], ['2026-08', 0, 5], ['2026-09', 0, 5], ['2026-10', 0, 5], ['2026-11', 0, 5], ['2026-12', 0, 5],
    ]);
    expect(ofBlock[0]).toMatchObject({ organisationId: s.vcseOrgId, kind: 'block', capacity: 5, startsOn: '2026-07-01', endsOn: '2026-07-31' });
    // The agreement nobody has used yet is there in full: the one a commissioner most needs to see.
    expect(rows.filter((r) => r.agreementId === unused.id).map((r) => [r.periodKey, r.used])).toEqual([['2026-Q3', 0], ['2026-Q4', 0], ['2027-Q1', 0]]);
    expect((await h.call('GET', `/v1/reports/capacity?fundId=${s.fundId}&cursor=nonsense`, { as: s.manager })).status).toBe(400);
  });
});

describe('Commissioners', () => {
  it('read everything and write nothing', async () => {
    const s = await createScenario(h);
    const commissioner = userOf('org_icb', 'commissioner');
    const referral = (await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: s.activityId, clientRef: 'C-1', source: 'gp' } })).body;
    for (const path of [`/v1/funds/${s.fundId}`, `/v1/funds/${s.fundId}/agreements`, '/v1/referrals', `/v1/referrals/${referral.id}`, `/v1/organisations/${s.vcseOrgId}`, `/v1/audit?fundId=${s.fundId}`, `/v1/audit/verify?fundId=${s.fundId}`]) {
      expect((await h.call('GET', path, { as: commissioner })).status, path).toBe(200);
    }
    const writes: [string, unknown][] = [
      ['/v1/organisations', { name: 'X', kind: 'vcse' }],
      ['/v1/activities', { name: 'X', category: 'arts' }],
      ['/v1/funds', { name: 'X', totalPence: 100, startsOn: '2026-01-01', endsOn: '2026-12-31' }],
      [`/v1/funds/${s.fundId}/agreements`, { organisationId: s.vcseOrgId, kind: 'per_referral', tariffPence: 100, period: 'month', startsOn: '2026-01-01', endsOn: '2026-12-31' }],
      ['/v1/referrals', { activityId: s.activityId, clientRef: 'C-2', source: 'gp' }],
      [`/v1/referrals/${referral.id}/accept`, undefined],
      [`/v1/referrals/${referral.id}/decline`, { reason: 'No' }],
      [`/v1/referrals/${referral.id}/withdraw`, undefined],
      [`/v1/funds/${s.fundId}/payout-runs`, { through: '2026-12-31' }],
    ];
    for (const [path, body] of writes) {
      expect((await h.call('POST', path, { as: commissioner, body })).status, path).toBe(403);
    }
  });
});
