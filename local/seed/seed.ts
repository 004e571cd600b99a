// Seeds the demo data once, through the API itself, so it is validated and audited like real input.
//
// History is made on the days it describes: the seed drives its own copy of the app with a clock it
// moves (and the local Stripe sandbox's with it), from organisations set up a hundred days ago,
// through three months of referrals and a payout run paid ten days ago and paid out to the banks by
// Stripe the next day, to block agreements starting this month and a draft run made today that
// awaits a second fund manager. "Today" is the clock's, never a constant.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../../functions/runtime/deps.js';
import { londonDate } from '../../shared/domain/periods.js';
import type { Role } from '../../shared/domain/roles.js';
import type { Store } from '../../shared/store/client.js';
import { expireOverdueReferrals } from '../../shared/store/expiry.js';
import { getOrganisation } from '../../shared/store/organisations.js';
import { clockedApi, type Caller, type ClockedApi } from './clocked-api.js';
import { DEMO_BLOCKS, DEMO_FUND, DEMO_TARIFF, DEMO_VCSE, loadReferrers, type DemoUser } from './demo.js';
import { acceptedReferrals, otherStates } from './history.js';
import { seedMembers } from './members.js';
import { poll } from './poll.js';
import { payOutRun, type DemoSandbox } from './stripe-payouts.js';

const MARKER = { pk: 'SEED', sk: '#DEMO' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface SeedResult {
  readonly seededNow: boolean;
  readonly users: DemoUser[];
}

/** The first day of the month `back` months before `date` (a London date). */
const firstOfMonth = (date: string, back = 0): string => {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
};

/** The financial year (1 April to 31 March) containing `date`. */
const financialYear = (date: string) => {
  const [year, month] = date.split('-').map(Number) as [number, number];
  const start = month >= 4 ? year : year - 1;
  return { startsOn: `${start}-04-01`, endsOn: `${start + 1}-03-31`, label: `${start}/${String(start + 1).slice(2)}` };
};

/** A VCSE finishes Stripe onboarding as a user would: opening the link makes the sandbox send account.updated. */
const onboard = async (api: ClockedApi, store: Store, vcse: Caller) => {
  const link = await api.post(vcse, `/v1/organisations/${vcse.organisationId}/stripe-onboarding`);
  await fetch(link.url, { redirect: 'follow' });
  await poll('payouts to be enabled', async () => (await getOrganisation(store, vcse.organisationId!))?.payoutsEnabled === true);
};

export interface SeedOptions {
  /** The local Stripe sandbox, when it stands in for Stripe: it keeps the seed's time and pays the paid run out. */
  readonly sandbox?: DemoSandbox;
}

/** Seeds through its own clocked copy of the API over `deps` (AUTH_MODE=local: it signs its own tokens). */
export const seedDemoData = async (deps: Deps, options: SeedOptions = {}): Promise<SeedResult> => {
  const { store } = deps;
  const existing = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: MARKER, ConsistentRead: true }));
  if (existing.Item) return { seededNow: false, users: existing.Item.users as DemoUser[] };
  const { sandbox } = options;
  try {
    return await seed(deps, sandbox);
  } finally {
    // Whatever happened, Stripe's clock is the wall clock again for everything after the seed.
    sandbox?.clock.at(undefined);
  }
};

const seed = async (deps: Deps, sandbox: DemoSandbox | undefined): Promise<SeedResult> => {
  const { store } = deps;
  const api = clockedApi(deps, sandbox?.clock.at);
  const today = deps.clock();
  const todayDate = londonDate(today);
  const ago = (days: number) => new Date(today.getTime() - days * DAY);
  const historyFrom = firstOfMonth(todayDate, 3);
  const year = { startsOn: financialYear(historyFrom).startsOn, endsOn: financialYear(todayDate).endsOn };

  // A hundred days ago: the organisations, their activities and the fund.
  api.at(ago(100));
  const admin: Caller = { sub: 'demo-admin', roles: ['admin'] };
  const organisation = (body: Record<string, unknown>) => api.post(admin, '/v1/organisations', body);
  const mva = await organisation({ name: 'Medway Voluntary Action', kind: 'fund_manager', charityNumber: '1120359' });
  const icb = await organisation({ name: 'NHS Kent and Medway Integrated Care Board', kind: 'commissioner', odsCode: 'QKS' });
  const referrers = [];
  for (const referrer of await loadReferrers()) referrers.push(await organisation({ name: referrer.name, kind: 'referrer' }));
  const providers: { id: string; name: string }[] = [];
  const vcseUsers: Caller[] = [];
  const activities: string[][] = [];
  for (const vcse of DEMO_VCSE) {
    const org = await organisation({ name: vcse.name, kind: 'vcse', charityNumber: vcse.charityNumber });
    const user: Caller = { sub: `demo-vcse-${providers.length + 1}`, roles: ['vcse'], organisationId: org.id };
    const ids: string[] = [];
    for (const activity of vcse.activities) ids.push((await api.post(user, '/v1/activities', activity)).id);
    providers.push({ id: org.id, name: vcse.name });
    vcseUsers.push(user);
    activities.push(ids);
  }
  const manager: Caller = { sub: 'demo-fund-manager-1', roles: ['fund_manager'], organisationId: mva.id };
  const secondManager: Caller = { sub: 'demo-fund-manager-2', roles: ['fund_manager'], organisationId: mva.id };
  const linkWorker: Caller = { sub: 'demo-link-worker', roles: ['link_worker'], organisationId: referrers[0]!.id };
  const fund = await api.post(manager, '/v1/funds', { ...DEMO_FUND, name: `Medway and Swale Health Inequalities Fund ${financialYear(todayDate).label}`, ...year });

  // Three months ago: £35 a referral for every provider, for the rest of the fund's year.
  api.at(ago(95));
  for (const provider of providers) {
    await api.post(manager, `/v1/funds/${fund.id}/agreements`, { organisationId: provider.id, kind: 'per_referral', period: 'month', ...DEMO_TARIFF, startsOn: historyFrom, endsOn: year.endsOn });
  }
  // Three of the four finish Stripe onboarding; the advice centre has not yet, so its money is held.
  if (deps.stripe) for (const vcse of vcseUsers.slice(0, 3)) await onboard(api, store, vcse);

  const cast = { linkWorker, vcseUsers, activities, today };
  await acceptedReferrals(api, cast, 88, 11);
  // Ten days ago: a run of everything owed so far, drafted, approved by the second manager and paid.
  if (deps.stripe) {
    api.at(ago(10));
    const run = await api.post(manager, `/v1/funds/${fund.id}/payout-runs`, { through: londonDate(ago(10)) });
    await api.post(secondManager, `/v1/payout-runs/${run.id}/approve`);
    await api.payoutsIdle();
    // A day later (the recipient agreement's 24 hours), Stripe's daily payout takes it to each charity's bank.
    if (sandbox) {
      api.at(new Date(ago(10).getTime() + DAY + HOUR));
      await payOutRun(api, store, sandbox, manager, run.id);
    }
  }
  await acceptedReferrals(api, cast, 9, 0);
  await otherStates(api, cast);

  // Today: block agreements that start this month, expiry of what waited too long, and a draft awaiting approval.
  api.at(today);
  for (const block of DEMO_BLOCKS) {
    const months = Number(year.endsOn.slice(0, 4)) * 12 + Number(year.endsOn.slice(5, 7)) - (Number(todayDate.slice(0, 4)) * 12 + Number(todayDate.slice(5, 7))) + 1;
    await api.post(manager, `/v1/funds/${fund.id}/agreements`, {
      organisationId: providers[block.vcse]!.id,
      ...(block.activity !== undefined ? { activityId: activities[block.vcse]![block.activity]! } : {}),
      kind: 'block',
      period: 'month',
      capacity: block.capacity,
      amountPence: block.monthlyPence * months,
      startsOn: firstOfMonth(todayDate),
      endsOn: year.endsOn,
    });
  }
  await expireOverdueReferrals(store, today, deps.ids);
  if (deps.stripe) await api.post(manager, `/v1/funds/${fund.id}/payout-runs`, { through: todayDate });

  const users: DemoUser[] = [
    { sub: 'demo-admin', roles: ['admin'], description: 'Platform administrator' },
    { sub: manager.sub, roles: ['fund_manager'], organisation: mva.id, description: 'Fund manager, Medway Voluntary Action', hint: 'Drafted today’s payment run, so another fund manager must approve it' },
    { sub: secondManager.sub, roles: ['fund_manager'], organisation: mva.id, description: 'Second fund manager, Medway Voluntary Action', hint: 'Approves payment runs another fund manager drafted' },
    { sub: 'demo-commissioner', roles: ['commissioner'], organisation: icb.id, description: 'Commissioner, Kent and Medway ICB' },
    { sub: linkWorker.sub, roles: ['link_worker'], organisation: referrers[0]!.id, description: 'Link worker, IMAGO Medway' },
    ...providers.map((p, i) => ({ sub: vcseUsers[i]!.sub, roles: ['vcse'] as Role[], organisation: p.id, description: `VCSE lead, ${p.name}` })),
  ];
  await seedMembers(store, users, { mva: mva.id, ids: deps.ids, at: today });
  await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...MARKER, users, seededAt: today.toISOString() } }));
  return { seededNow: true, users };
};
