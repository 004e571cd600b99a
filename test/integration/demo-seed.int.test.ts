// The demo data `npm start` seeds: something meaningful on first visit, made on the days it describes, and seeded once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData, type SeedOptions } from '../../local/seed/seed.js';
import { stripeClock } from '../../local/seed/stripe-clock.js';
import { londonDate } from '../../shared/domain/periods.js';
import { managedFundIds } from '../../shared/store/funds.js';
import { entities } from '../../shared/store/entities.js';
import { accessPatterns } from '../../shared/store/keys.js';
import { queryAll } from '../../shared/store/query.js';
import { tableSnapshot } from '../support/builders.js';
import { createPayoutHarness, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
/** As npm start wires it: the sandbox on a clock the seed moves. */
const clock = stripeClock();
let options: SeedOptions;
let users: Awaited<ReturnType<typeof seedDemoData>>['users'];
const as = (sub: string) => {
  const user = users.find((u) => u.sub === sub)!;
  return { sub: user.sub, roles: user.roles, organisationId: user.organisation };
};

beforeAll(async () => {
  h = await createPayoutHarness({ sandboxNow: clock.now });
  options = { sandbox: { clock, payOut: (accountId) => h.sandbox.payOut(accountId), webhooksIdle: () => h.sandbox.webhooksIdle() } };
  const seeded = await seedDemoData(h.deps, options);
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

  it('shows each onboarded VCSE its paid run carried to the bank by a Stripe payout, arriving the day after Stripe paid it out', async () => {
    const today = londonDate(new Date());
    const vcses = users.filter((u) => u.roles.includes('vcse'));
    const carried = [];
    for (const vcse of vcses.slice(0, 3)) {
      const statement = await h.call('GET', `/v1/organisations/${vcse.organisation}/statement`, { as: as(vcse.sub) });
      expect(statement.status, JSON.stringify(statement.body)).toBe(200);
      const [paid, ...more] = statement.body.funds.flatMap((f: { paid: unknown[] }) => f.paid);
      expect(more).toEqual([]);
      expect(paid).toMatchObject({ stripeTransferId: expect.stringMatching(/^tr_/), stripePayoutId: expect.stringMatching(/^po_/), payoutArrivalDate: expect.any(String) });
      carried.push(paid);
    }
    for (const paid of carried) {
      // Stripe's own record, as the sandbox sent it to the running app's Connect endpoint.
      const event = h.sandbox.events().find((e) => e.type === 'payout.paid' && (e.data.object as { id: string }).id === paid.stripePayoutId)!;
      const delivered = h.sandbox.webhookDeliveries().filter((d) => d.eventId === event.id);
      expect(delivered.at(-1)?.status).toBe(200);
      const arrival = (event.data.object as { arrival_date: number }).arrival_date;
      expect(paid.payoutArrivalDate).toBe(londonDate(new Date(arrival * 1000)));
      // Stripe kept the seed's days: the transfer is dated when the run was paid, and the money is in the bank by today.
      const transfer = h.sandbox.transfers().find((t) => t.id === paid.stripeTransferId)!;
      expect(londonDate(new Date(transfer.created * 1000))).toBe(londonDate(new Date(paid.paidAt)));
      expect(paid.payoutArrivalDate > londonDate(new Date(paid.paidAt))).toBe(true);
      expect(paid.payoutArrivalDate < today).toBe(true);
    }
    // The advice centre has not onboarded: nothing was transferred to it, so nothing paid out.
    const advice = await h.call('GET', `/v1/organisations/${vcses[3]!.organisation}/statement`, { as: as(vcses[3]!.sub) });
    expect(advice.body.funds.flatMap((f: { paid: unknown[] }) => f.paid)).toEqual([]);
  });

  it('seeds once: a second start changes nothing, and Stripe transfers and pays out nothing again', async () => {
    const stripeCalls = () => ({ transfers: h.sandbox.transfers().length, payouts: h.sandbox.events().filter((e) => e.type === 'payout.created').length });
    const before = { table: await tableSnapshot(h), stripe: stripeCalls() };
    expect(before.stripe).toEqual({ transfers: 3, payouts: 3 });
    const again = await seedDemoData(h.deps, options);
    expect(again).toEqual({ seededNow: false, users });
    await h.sandbox.webhooksIdle();
    expect({ table: await tableSnapshot(h), stripe: stripeCalls() }).toEqual(before);
  });
});
