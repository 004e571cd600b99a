// The demo data `npm start` seeds: something meaningful on first visit, made on the days it describes, and seeded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '../../local/seed/seed.js';
import { londonDate } from '../../shared/domain/periods.js';
import { managedFundIds } from '../../shared/store/funds.js';
import { entities } from '../../shared/store/entities.js';
import { accessPatterns } from '../../shared/store/keys.js';
import { queryAll } from '../../shared/store/query.js';
import { tableSnapshot } from '../support/builders.js';
import { createPayoutHarness, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
let users: Awaited<ReturnType<typeof seedDemoData>>['users'];
const as = (sub: string) => {
  const user = users.find((u) => u.sub === sub)!;
  return { sub: user.sub, roles: user.roles, organisationId: user.organisation };
};

beforeAll(async () => {
  h = await createPayoutHarness();
  const seeded = await seedDemoData(h.deps);
  expect(seeded.seededNow).toBe(true);
  users = seeded.users;
}, 120_000);
afterAll(() => h.close());

const all = async (path: string, who: string) => {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const res = await h.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${cursor ? `&cursor=${cursor}` : ''}`, { as: as(who) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
};

describe('Function: seedDemoData', () => {
  it('seeds referrals in every state, one due within a day, and one logged from another platform', async () => {
    const referrals = await all('/v1/referrals', 'demo-commissioner');
    expect(new Set(referrals.map((r) => r.status))).toEqual(new Set(['sent', 'accepted', 'declined', 'withdrawn', 'expired']));
    const now = Date.now();
    expect(referrals.some((r) => r.status === 'sent' && Date.parse(r.respondBy) - now < 86_400_000)).toBe(true);
    expect(referrals.some((r) => r.status === 'accepted' && r.externalRef?.startsWith('JOY-'))).toBe(true);
    expect(referrals.filter((r) => r.status === 'declined').map((r) => r.declineReasonCode)).toEqual(expect.arrayContaining(['full', 'outside_area']));
  });

  it('spreads accepted referrals over the last three months', async () => {
    const referrals = await all('/v1/referrals?status=accepted', 'demo-commissioner');
    const months = new Set(referrals.map((r) => londonDate(new Date(r.acceptedAt)).slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(3);
  });

  it('has one paid run and one draft awaiting a second fund manager', async () => {
    const manager = as('demo-fund-manager-1');
    const [fundId] = await managedFundIds(h.deps.store, manager.organisationId!);
    const runs = await queryAll(h.deps.store, entities.payoutRun, accessPatterns.fundRuns(fundId!));
    const read = await Promise.all(runs.map(async (r) => (await h.call('GET', `/v1/payout-runs/${r.id}`, { as: manager })).body));
    expect(read.map((r) => r.status).sort()).toEqual(['draft', 'paid']);
    const draft = read.find((r) => r.status === 'draft')!;
    expect(draft).toMatchObject({ createdBy: manager.sub, approvedBy: null });
    expect(draft.totalPence).toBeGreaterThan(0);
    expect(draft.held.map((h: { reason: string }) => h.reason)).toContain('no_stripe_account');
    const paid = read.find((r) => r.status === 'paid')!;
    expect(paid.approvedBy).toBe('demo-fund-manager-2');
    expect(paid.lines.every((l: { stripeTransferId: string | null }) => l.stripeTransferId?.startsWith('tr_'))).toBe(true);
  });

  it('describes every activity: when, where, how to reach the provider, from charities named as fictional', async () => {
    const directory = await all('/v1/activities', 'demo-link-worker');
    expect(directory.length).toBeGreaterThanOrEqual(6);
    for (const activity of directory) {
      expect(activity).toMatchObject({ description: expect.any(String), when: expect.any(String), where: expect.any(String), postcode: expect.any(String), contact: expect.any(Object) });
      expect(activity.provider.name).toContain('(fictional)');
    }
  });

  it('starts its block agreements this month, not back-dated', async () => {
    const manager = as('demo-fund-manager-1');
    const [fundId] = await managedFundIds(h.deps.store, manager.organisationId!);
    const agreements = (await h.call('GET', `/v1/funds/${fundId}/agreements?limit=200`, { as: manager })).body.items;
    const blocks = agreements.filter((a: { kind: string }) => a.kind === 'block');
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const firstOfThisMonth = `${londonDate(new Date()).slice(0, 7)}-01`;
    for (const block of blocks) expect(block.startsOn).toBe(firstOfThisMonth);
  });

  it('seeds once: a second start changes nothing', async () => {
    const before = await tableSnapshot(h);
    const again = await seedDemoData(h.deps);
    expect(again).toEqual({ seededNow: false, users });
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
