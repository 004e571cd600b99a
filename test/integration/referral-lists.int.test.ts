// A commissioner's and a fund manager's referral lists: newest first, filtered by status and activity,
// paged by cursor without gaps or repeats, for a manager of more than 100 funds, and never by a Scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivity, createOrganisation, loggedReferralBody, unique, userOf } from '../support/builders.js';
import { createHarness, type Caller, type Harness } from '../support/harness.js';
import { commandSpy, listAll } from '../support/referral-lists.js';

const NOW = new Date('2026-06-15T10:00:00Z');
const FUNDS_MANAGED = 105;

interface Made {
  readonly id: string;
  readonly activityId: string;
  status: string;
  fundId: string | null;
}

let h: Harness;
let commissioner: Caller;
let manager: Caller;
let managerFundIds: string[];
const providers: { vcse: Caller; activityId: string; fundId: string }[] = [];
const made: Made[] = [];

const fundFor = async (as: Caller, totalPence = 10_000_000) => {
  const res = await h.call('POST', '/v1/funds', { as, body: { name: unique('Fund'), totalPence, startsOn: '2026-01-01', endsOn: '2027-12-31' } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};

/** A VCSE with one activity, paid £20 a referral by `fundId` (managed by `as`). */
const provider = async (as: Caller, fundId: string) => {
  const org = await createOrganisation(h, 'vcse');
  const activity = await createActivity(h, org.id);
  const agreement = await h.call('POST', `/v1/funds/${fundId}/agreements`, {
    as,
    body: { organisationId: org.id, kind: 'per_referral', tariffPence: 2_000, period: 'month', startsOn: '2026-01-01', endsOn: '2027-12-31' },
  });
  expect(agreement.status, JSON.stringify(agreement.body)).toBe(201);
  return { vcse: userOf(org.id, 'vcse'), activityId: activity.id, fundId };
};

const answer = async (id: string, as: Caller, path: string, body?: unknown) => {
  const res = await h.call('POST', `/v1/referrals/${id}/${path}`, { as, ...(body ? { body } : {}) });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

beforeAll(async () => {
  h = await createHarness({ clock: () => NOW });
  commissioner = userOf((await createOrganisation(h, 'commissioner')).id, 'commissioner');
  const mva = await createOrganisation(h, 'fund_manager');
  manager = userOf(mva.id, 'fund_manager');
  managerFundIds = [];
  for (let i = 0; i < FUNDS_MANAGED; i += 1) managerFundIds.push(await fundFor(manager));
  const other = userOf((await createOrganisation(h, 'fund_manager')).id, 'fund_manager');
  // The manager's first fund, its last (beyond DynamoDB's 100 operands of IN), and another manager's.
  providers.push(await provider(manager, managerFundIds[0]!), await provider(manager, managerFundIds[FUNDS_MANAGED - 1]!), await provider(other, await fundFor(other)));
  const linkWorker = userOf((await createOrganisation(h, 'referrer')).id, 'link_worker');

  for (let i = 0; i < 30; i += 1) {
    const p = providers[i % 3]!;
    const res = await h.call('POST', '/v1/referrals', { as: linkWorker, body: { activityId: p.activityId, clientRef: unique('CR'), source: 'gp' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const referral: Made = { id: res.body.id, activityId: p.activityId, status: 'sent', fundId: null };
    made.push(referral);
    if (i % 5 === 1) (await answer(referral.id, p.vcse, 'decline', { reasonCode: 'other', reason: 'Full this month.' }), (referral.status = 'declined'));
    else if (i % 7 === 3) (await answer(referral.id, linkWorker, 'withdraw'), (referral.status = 'withdrawn'));
    else if (i % 4 !== 0) (await answer(referral.id, p.vcse, 'accept'), (referral.status = 'accepted'), (referral.fundId = p.fundId));
  }
  // One logged as accepted elsewhere: funded by the manager's 105th fund from the moment it is written.
  const p = providers[1]!;
  const logged = await h.call('POST', '/v1/referrals', { as: p.vcse, body: loggedReferralBody(p.activityId, '2026-06-14T09:30:00Z') });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  made.push({ id: logged.body.id, activityId: p.activityId, status: 'accepted', fundId: p.fundId });
}, 120_000);
afterAll(() => h.close());

/** The ids we made that `pick` keeps, newest first. */
const expected = (pick: (m: Made) => boolean) => made.filter(pick).map((m) => m.id).sort().reverse();

describe('Route: GET /v1/referrals as a commissioner', () => {
  it('lists every referral newest first, page after page with no gap and no repeat', async () => {
    const { ids, pages } = await listAll(h, commissioner, '', 7);
    expect(ids).toEqual(expected(() => true));
    expect(ids.length).toBe(31);
    expect(pages.slice(0, -1).every((page) => page === 7)).toBe(true);
  });

  it('filters by each status, newest first, and answers an empty page for a status no referral has', async () => {
    for (const status of ['sent', 'accepted', 'declined', 'withdrawn']) {
      const { ids } = await listAll(h, commissioner, `&status=${status}`, 4);
      expect(ids, status).toEqual(expected((m) => m.status === status));
      expect(ids.length, status).toBeGreaterThan(0);
    }
    const expired = await h.call('GET', '/v1/referrals?status=expired', { as: commissioner });
    expect(expired.body).toEqual({ items: [], nextCursor: null });
  });

  it('filters by activity, and by activity and status together', async () => {
    const activityId = providers[0]!.activityId;
    expect((await listAll(h, commissioner, `&activityId=${activityId}`, 3)).ids).toEqual(expected((m) => m.activityId === activityId));
    const both = await listAll(h, commissioner, `&activityId=${activityId}&status=accepted`, 2);
    expect(both.ids).toEqual(expected((m) => m.activityId === activityId && m.status === 'accepted'));
    expect(both.ids.length).toBeGreaterThan(2);
  });

  it('refuses a cursor from another list with a 400', async () => {
    const vcsePage = await h.call('GET', '/v1/referrals?limit=1', { as: providers[0]!.vcse });
    expect(vcsePage.body.nextCursor).toEqual(expect.any(String));
    const res = await h.call('GET', `/v1/referrals?cursor=${vcsePage.body.nextCursor}`, { as: commissioner });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: '/cursor', message: 'Unrecognised cursor' }]);
  });
});

describe(`Route: GET /v1/referrals as the manager of ${FUNDS_MANAGED} funds`, () => {
  const theirs = (m: Made) => m.fundId !== null && managerFundIds.includes(m.fundId);

  it('lists the referrals its funds paid for, from its first fund and its 105th, newest first across pages', async () => {
    const { ids } = await listAll(h, manager, '', 4);
    expect(ids).toEqual(expected(theirs));
    expect(new Set(made.filter(theirs).map((m) => m.fundId))).toEqual(new Set([managerFundIds[0], managerFundIds[FUNDS_MANAGED - 1]]));
  });

  it('filters by status: accepted is every one of them, any other status none', async () => {
    expect((await listAll(h, manager, '&status=accepted', 5)).ids).toEqual(expected(theirs));
    for (const status of ['sent', 'declined', 'withdrawn', 'expired']) expect((await listAll(h, manager, `&status=${status}`, 5)).ids, status).toEqual([]);
  });

  it('filters by activity, leaving out referrals another manager’s fund paid for', async () => {
    for (const p of providers) {
      const { ids } = await listAll(h, manager, `&activityId=${p.activityId}`, 2);
      expect(ids).toEqual(expected((m) => theirs(m) && m.activityId === p.activityId));
    }
    expect((await listAll(h, manager, `&activityId=${providers[2]!.activityId}`, 2)).ids).toEqual([]);
  });
});

describe('Store: the list indexes', () => {
  it('reads every list with Queries, never a Scan', async () => {
    const spy = commandSpy(h.table.store);
    try {
      await listAll(h, commissioner, '', 5);
      await listAll(h, commissioner, '&status=declined', 5);
      await listAll(h, commissioner, `&activityId=${providers[1]!.activityId}&status=accepted`, 5);
      await listAll(h, manager, '', 5);
      await listAll(h, manager, `&activityId=${providers[0]!.activityId}`, 5);
    } finally {
      spy.restore();
    }
    expect(spy.commands).toContain('QueryCommand');
    expect(spy.commands).not.toContain('ScanCommand');
  });

  it('puts each referral in the lists of its status now, so an answered one leaves the sent list', async () => {
    const sentIds = (await listAll(h, commissioner, '&status=sent', 50)).ids;
    const first = made.find((m) => m.status === 'sent')!;
    expect(sentIds).toContain(first.id);
    const p = providers.find((x) => x.activityId === first.activityId)!;
    await answer(first.id, p.vcse, 'decline', { reasonCode: 'other', reason: 'No longer running.' });
    first.status = 'declined';
    expect((await listAll(h, commissioner, '&status=sent', 50)).ids).toEqual(expected((m) => m.status === 'sent'));
    expect((await listAll(h, commissioner, '&status=declined', 50)).ids).toEqual(expected((m) => m.status === 'declined'));
  });
});
