// A person removed from an organisation loses access at once on every route, with the token they still hold; invited back in another role, their old token is refused too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMembershipCheck, MEMBERSHIP_TTL_MS } from '../../functions/runtime/auth/membership.js';
import { formatDate } from '../../shared/domain/format.js';
import { londonDate } from '../../shared/domain/periods.js';
import type { Role } from '../../shared/domain/roles.js';
import { createLocalMemberDirectory } from '../../shared/identity/member-directory.js';
import { getMember, removeMember } from '../../shared/store/members.js';
import { ADMIN, createAgreement, createScenario, readFund, sendReferral, tableSnapshot, unique } from '../support/builders.js';
import type { Caller } from '../support/harness.js';
import { createPayoutHarness, onboard, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
// The membership cache's clock: it moves only when a test moves it, so nothing here expires by the
// machine's own pace, and a removal on this instance is seen at once because it was forgotten.
let now = 1_000_000;
beforeAll(async () => {
  h = await createPayoutHarness({ deps: { members: createLocalMemberDirectory(), membership: createMembershipCheck({ now: () => now }) } });
});
afterAll(() => h.close());

/** Invites a person through the API, as an admin would, and gives back who their token says they are. */
const invite = async (organisationId: string, role: Role): Promise<Caller> => {
  const res = await h.call('POST', `/v1/organisations/${organisationId}/members`, { as: ADMIN, body: { email: `${unique('person')}@example.org`, role } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { sub: res.body.sub, roles: [role], organisationId };
};

/** Removes them through the API and gives back the day the refusal will name. */
const remove = async (person: Caller): Promise<string> => {
  const res = await h.call('DELETE', `/v1/organisations/${person.organisationId}/members/${person.sub}`, { as: ADMIN });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return formatDate(res.body.removedAt);
};

const removedWords = (day: string) => `You were removed from this organisation’s people on ${day}. Ask its lead if that is a mistake.`;

describe('Removed from an organisation', () => {
  it('refuses a removed fund manager’s approval of a payout run with 401, leaving the run awaiting approval and the table untouched', async () => {
    // Prepare: a run drafted by one fund manager, which a second (invited, then removed) could approve.
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    await onboard(h, s.vcseOrgId);
    const referral = await sendReferral(h, s);
    expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse })).status).toBe(200);
    const approver = await invite(s.fundManagerOrgId, 'fund_manager');
    const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: londonDate(new Date()) } });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    // They read the run while still a member, so this instance holds their membership as active.
    expect((await h.call('GET', `/v1/payout-runs/${draft.body.id}`, { as: approver })).status).toBe(200);
    const day = await remove(approver);
    const before = await tableSnapshot(h);

    // Act: the token they were given before removal is still within its hour.
    const approved = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: approver });

    // Assess
    expect(approved.status).toBe(401);
    expect(approved.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(approved.body).toMatchObject({ code: 'unauthenticated', detail: removedWords(day) });
    expect(await tableSnapshot(h)).toEqual(before);
    expect((await h.call('GET', `/v1/payout-runs/${draft.body.id}`, { as: s.manager })).body.status).toBe('draft');
    expect(h.sandbox.transfers().filter((t) => t.transfer_group === draft.body.id)).toEqual([]);
  });

  it('refuses a removed VCSE volunteer’s acceptance of a referral with 401: still sent, no money moved', async () => {
    // Prepare
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
    const referral = await sendReferral(h, s);
    const volunteer = await invite(s.vcseOrgId, 'vcse');
    expect((await h.call('GET', `/v1/referrals/${referral.id}`, { as: volunteer })).status).toBe(200);
    const day = await remove(volunteer);
    const fundBefore = await readFund(h, s);
    const before = await tableSnapshot(h);

    // Act
    const accepted = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: volunteer });

    // Assess
    expect(accepted.status).toBe(401);
    expect(accepted.body).toMatchObject({ code: 'unauthenticated', detail: removedWords(day) });
    expect(await tableSnapshot(h)).toEqual(before);
    expect((await h.call('GET', `/v1/referrals/${referral.id}`, { as: s.vcse })).body.status).toBe('sent');
    expect(await readFund(h, s)).toEqual(fundBefore);
  });

  it('refuses the token a person held before they were invited back in another role, and accepts one in the new role', async () => {
    // Prepare
    const s = await createScenario(h);
    const person = await invite(s.fundManagerOrgId, 'fund_manager');
    expect((await h.call('GET', `/v1/funds/${s.fundId}`, { as: person })).status).toBe(200);
    await remove(person);
    const back = await h.call('POST', `/v1/organisations/${s.fundManagerOrgId}/members`, { as: ADMIN, body: { email: (await getMember(h.deps.store, s.fundManagerOrgId, person.sub))!.email, role: 'admin' } });
    expect(back.body).toMatchObject({ sub: person.sub, role: 'admin', status: 'active' });

    // Act
    const withOldToken = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: person });
    const withNewToken = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: { ...person, roles: ['admin'] } });

    // Assess
    expect(withOldToken.status).toBe(401);
    expect(withOldToken.body).toMatchObject({ code: 'unauthenticated', detail: 'Your role has changed: sign in again.' });
    expect(withNewToken.status, JSON.stringify(withNewToken.body)).toBe(200);
  });

  it('sees a removal made by another instance once its cached answer is older than the TTL', async () => {
    // Prepare: a member this instance has checked, then removed straight in the table, as another
    // instance's API would: this instance is not told.
    const s = await createScenario(h);
    const volunteer = await invite(s.vcseOrgId, 'vcse');
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: volunteer })).status).toBe(200);
    const member = (await getMember(h.deps.store, s.vcseOrgId, volunteer.sub))!;
    const at = new Date();
    await removeMember(h.deps.store, member, { actor: 'lead-elsewhere', eventId: h.deps.ids('event', at), at: at.toISOString() });

    // Act and assess: trusted until the TTL has passed, refused the moment after.
    now += MEMBERSHIP_TTL_MS;
    expect((await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: volunteer })).status).toBe(200);
    now += 1;
    const refused = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: volunteer });
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe(removedWords(formatDate(at)));
  });

  it('lets a person with no member record (the first admin, made by hand) sign in on their token alone', async () => {
    const s = await createScenario(h);
    const handMade: Caller = { sub: 'first-admin-by-hand', roles: ['admin'], organisationId: s.fundManagerOrgId };
    const read = await h.call('GET', `/v1/organisations/${s.vcseOrgId}`, { as: handMade });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
  });
});
