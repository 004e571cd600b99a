// Property: whatever sequence of acceptances, block instalments falling due, payout runs, payments
// and reversals happened, every organisation's statement adds up to the spend report's figures for
// it, and the statements of all organisations add up to the fund's own figures.
// `STATEMENT_PROPERTY_RUNS=50 npx vitest run test/integration/statement-property.int.test.ts` runs more.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { londonDate } from '../../shared/domain/periods.js';
import { createActivity, createAgreement, createOrganisation, createScenario, userOf, type Scenario } from '../support/builders.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';

const RUNS = Number(process.env.STATEMENT_PROPERTY_RUNS ?? 6);

let h: PayoutHarness;
let now = new Date('2026-06-01T09:00:00Z');
beforeAll(async () => {
  h = await createPayoutHarness();
  // Acceptances and instalments follow the test's clock; payouts happen in real time.
  (h.deps as { clock: () => Date }).clock = () => now;
});
afterAll(() => h.close());

const commissioner = userOf('org_icb', 'commissioner');
let refs = 0;

const Step = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), org: fc.integer({ min: 0, max: 3 }), hours: fc.integer({ min: 1, max: 24 * 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 5, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('draft' as const) }) },
  // Approves the open draft, or drafts one first: either way a run is paid.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat(), partial: fc.boolean() }) },
);

interface World {
  readonly s: Scenario;
  readonly orgs: { id: string; activityId: string }[];
  openDraft: string | null;
  readonly transfers: { id: string; amountPence: number }[];
}

/**
 * Four VCSE organisations: one paid by block and per referral and onboarded; one per referral and
 * onboarded; one that started Stripe onboarding but never finished (payouts not enabled); one with
 * no Stripe account at all.
 */
const buildWorld = async (): Promise<World> => {
  now = new Date('2026-06-01T09:00:00Z');
  const s = await createScenario(h, { totalPence: 5_000_000 });
  const orgs = [{ id: s.vcseOrgId, activityId: s.activityId }];
  for (let i = 0; i < 3; i += 1) {
    const org = await createOrganisation(h, 'vcse');
    orgs.push({ id: org.id, activityId: (await createActivity(h, org.id)).id });
  }
  await createAgreement(h, s, { kind: 'block', capacity: 2, amountPence: 90_001, period: 'month', organisationId: orgs[0]!.id, startsOn: '2026-06-01', endsOn: '2026-09-30' });
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500, organisationId: orgs[0]!.id });
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 3_100, organisationId: orgs[1]!.id });
  await createAgreement(h, s, { kind: 'block', capacity: 5, amountPence: 30_000, period: 'quarter', organisationId: orgs[2]!.id, startsOn: '2026-06-01', endsOn: '2026-12-31' });
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 999, organisationId: orgs[2]!.id });
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_234, organisationId: orgs[3]!.id });
  for (const org of orgs.slice(0, 2)) await onboard(h, org.id);
  const started = await h.call('POST', `/v1/organisations/${orgs[2]!.id}/stripe-onboarding`, { as: userOf(orgs[2]!.id, 'vcse') });
  expect(started.status).toBe(200);
  return { s, orgs, openDraft: null, transfers: [] };
};

type StepOf = typeof Step extends fc.Arbitrary<infer T> ? T : never;

const run = async (world: World, step: StepOf) => {
  const { s } = world;
  if (step.kind === 'accept') {
    now = new Date(now.getTime() + step.hours * 3_600_000);
    const org = world.orgs[step.org]!;
    const sent = await h.call('POST', '/v1/referrals', { as: s.linkWorker, body: { activityId: org.activityId, clientRef: `SP-${(refs += 1)}`, source: 'gp' } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    // Refusals (capacity, fund) are part of the game; whatever happens must still add up.
    await h.call('POST', `/v1/referrals/${sent.body.id}/accept`, { as: userOf(org.id, 'vcse') });
  } else if (step.kind === 'advance') {
    now = new Date(now.getTime() + step.days * 86_400_000);
  } else if (step.kind === 'draft' || step.kind === 'pay') {
    if (!world.openDraft) {
      const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(now) } });
      if (draft.status === 201) world.openDraft = draft.body.id;
    }
    if (step.kind === 'draft' || !world.openDraft) return;
    const approved = await h.call('POST', `/v1/payout-runs/${world.openDraft}/approve`, { as: s.secondManager });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const paid = await settled(h, world.openDraft, s.manager);
    for (const line of paid.lines) if (line.stripeTransferId) world.transfers.push({ id: line.stripeTransferId, amountPence: line.amountPence });
    world.openDraft = null;
  } else if (step.kind === 'reverse' && world.transfers.length > 0) {
    const transfer = world.transfers.splice(step.pick % world.transfers.length, 1)[0]!;
    const amount = step.partial && transfer.amountPence > 1 ? Math.floor(transfer.amountPence / 3) : transfer.amountPence;
    const res = await fetch(`${h.sandbox.url}/v1/transfers/${transfer.id}/reversals`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: `amount=${amount}`,
    });
    expect(res.status).toBe(200);
    await h.sandbox.webhooksIdle();
  }
};

const spendByOrganisation = async (fundId: string) => {
  const rows = new Map<string, { reservedPence: number; paidPence: number }>();
  let cursor: string | null = null;
  do {
    const res: { body: { items: { key: string; reservedPence: number; paidPence: number }[]; nextCursor: string | null } } = await h.call(
      'GET',
      `/v1/reports/spend?fundId=${fundId}&groupBy=organisation${cursor ? `&cursor=${cursor}` : ''}`,
      { as: commissioner },
    );
    for (const row of res.body.items) rows.set(row.key, row);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
};

describe('Route: GET /v1/organisations/{id}/statement', () => {
  it('adds up to the spend report for every organisation and to the fund’s figures across them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 6, maxLength: 16 }), async (steps) => {
        const world = await buildWorld();
        for (const step of steps) await run(world, step);
        const spend = await spendByOrganisation(world.s.fundId);
        const fund = (await h.call('GET', `/v1/funds/${world.s.fundId}`, { as: commissioner })).body;
        let paid = 0;
        let unpaid = 0;
        for (const org of world.orgs) {
          const res = await h.call('GET', `/v1/organisations/${org.id}/statement`, { as: userOf(org.id, 'vcse') });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          const part = res.body.funds.find((f: { fundId: string }) => f.fundId === world.s.fundId);
          const t = part.totals;
          const row = spend.get(org.id) ?? { reservedPence: 0, paidPence: 0 };
          expect(t.earnedPence + t.heldPence + t.paidPence, `${org.id} earned + held + paid`).toBe(row.reservedPence + row.paidPence);
          expect(t.paidPence, `${org.id} paid`).toBe(row.paidPence);
          expect(t.earnedPence, `${org.id} earned parts`).toBe(t.earnedDuePence + t.earnedInPaymentPence + t.earnedNotYetDuePence);
          expect(part.held.reduce((sum: number, x: { amountPence: number }) => sum + x.amountPence, 0), `${org.id} held parts`).toBe(t.heldPence);
          // Every transfer listed, less what was reversed, is what was paid.
          const listed = part.paid.reduce((sum: number, p: { amountPence: number; reversedPence: number }) => sum + p.amountPence - p.reversedPence, 0);
          expect(listed, `${org.id} paid entries`).toBe(t.paidPence);
          for (const p of part.paid) {
            expect(p.paidFor.reduce((sum: number, e: { amountPence: number }) => sum + e.amountPence, 0), `line ${p.lineId} paid for`).toBe(p.amountPence);
          }
          paid += t.paidPence;
          unpaid += t.earnedPence + t.heldPence;
        }
        expect(paid, 'fund paid').toBe(fund.paidPence);
        expect(unpaid, 'fund reserved').toBe(fund.reservedPence);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
