// GET /v1/audit names who acted: a person by work e-mail, role and organisation (removed ones too), the platform's processes in words, anyone else by a short sign-in id; two reads a page.
import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../shared/domain/roles.js';
import { addMember, getMember, removeMember } from '../../shared/store/members.js';
import { londonDate } from '../../shared/domain/periods.js';
import { ADMIN, createAgreement, createScenario, sendReferral, userOf, type Scenario } from '../support/builders.js';
import type { Caller } from '../support/harness.js';
import { createPayoutHarness, onboard, settled, type PayoutHarness } from '../support/payouts.js';

let h: PayoutHarness;
let s: Scenario;
let trail: AuditItem[];
const COMMISSIONER = userOf('org_icb', 'commissioner');
// Cognito-style sign-in ids: what a deployment writes as `actor`.
const JO = 'b1d4e8a2-0c3f-4e5a-9b7d-1f2e3a4b5c6d';
const ALEX = 'c7e9f1a3-5b2d-4c8e-8a6f-0d1e2f3a4b5c';
const SAM = 'd2f4a6c8-1e3b-4d5f-a7c9-2b4d6f8a0c1e';

interface AuditItem {
  readonly actor: string;
  readonly actorName: string;
  readonly action: string;
  readonly entityId: string;
}

/** A person on an organisation's list of people, as the People page records them. */
const member = async (organisationId: string, sub: string, email: string, role: Role): Promise<Caller> => {
  const at = new Date();
  await addMember(
    h.deps.store,
    { organisationId, sub, email, role, lead: false, status: 'active', invitedAt: at.toISOString(), invitedBy: ADMIN.sub, removedAt: null, removedBy: null },
    { actor: ADMIN.sub, eventId: h.deps.ids('event', at) },
  );
  return { sub, roles: [role], organisationId };
};

const organisationName = async (id: string): Promise<string> => (await h.call('GET', `/v1/organisations/${id}`, { as: ADMIN })).body.name;
const fundTrail = async (): Promise<AuditItem[]> => {
  const res = await h.call('GET', `/v1/audit?fundId=${s.fundId}&limit=200`, { as: COMMISSIONER });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
};
const namesOf = (events: readonly AuditItem[], action: string) => [...new Set(events.filter((e) => e.action === action).map((e) => e.actorName))];

beforeAll(async () => {
  h = await createPayoutHarness();
  s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_500 });
  await onboard(h, s.vcseOrgId);
  const [jo, alex, sam] = [
    await member(s.fundManagerOrgId, JO, 'jo@mva.example', 'fund_manager'),
    await member(s.fundManagerOrgId, ALEX, 'alex@mva.example', 'fund_manager'),
    await member(s.vcseOrgId, SAM, 'sam@walks.example', 'vcse'),
  ];
  const referral = await sendReferral(h, s);
  expect((await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: sam })).status).toBe(200);
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: jo, body: { through: londonDate(new Date()) } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  expect((await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: alex })).status).toBe(200);
  await settled(h, draft.body.id, jo);
  // Alex leaves after approving: the trail still says who approved, and that they have gone.
  const at = new Date();
  await removeMember(h.deps.store, (await getMember(h.deps.store, s.fundManagerOrgId, ALEX))!, { actor: ADMIN.sub, at: at.toISOString(), eventId: h.deps.ids('event', at) });
  trail = await fundTrail();
}, 60_000);
afterAll(() => h.close());

describe('Route: GET /v1/audit, who acted', () => {
  it('names the fund manager who drafted a run and the different one who approved it, each by e-mail, role and organisation', async () => {
    const mva = await organisationName(s.fundManagerOrgId);
    expect(namesOf(trail, 'payout_run.drafted')).toEqual([`jo@mva.example (fund manager, ${mva})`]);
    expect(namesOf(trail, 'payout_run.approved')).toEqual([`alex@mva.example (fund manager, ${mva}; since removed)`]);
    // The sign-in ids stay as they were written, for integrators and for the hashes.
    expect(trail.find((e) => e.action === 'payout_run.approved')?.actor).toBe(ALEX);
  });

  it('names the VCSE organisation whose member accepted a referral', async () => {
    expect(namesOf(trail, 'referral.accepted')).toEqual([`sam@walks.example (voluntary and community organisation staff, ${await organisationName(s.vcseOrgId)})`]);
  });

  it('names the platform’s own processes in words: the payment system, and Stripe on the organisation’s chain', async () => {
    expect(namesOf(trail, 'payout_line.paid')).toEqual(['The payment system (automatic)']);
    const chain = await h.call('GET', `/v1/audit?entityId=${s.vcseOrgId}`, { as: COMMISSIONER });
    expect(chain.status, JSON.stringify(chain.body)).toBe(200);
    expect(namesOf(chain.body.items, 'organisation.stripe_account_updated')).toEqual(['Stripe, reporting a change (automatic)']);
  });

  it('names a sign-in id on no organisation’s list of people by the start of the id', async () => {
    // The scenario's fund was set up by a token whose sub no member record holds.
    expect(s.manager.sub).toMatch(/^fm-1-org_/);
    expect(namesOf(trail, 'fund.created')).toEqual(['A person not listed in any organisation (sign-in id fm-1-org…)']);
  });

  it('reads the names for a whole page in one Query of the members index and one batch of organisations', async () => {
    const send = vi.spyOn(h.deps.store.doc, 'send');
    try {
      const events = await fundTrail();
      expect(new Set(events.map((e) => e.actor)).size).toBeGreaterThanOrEqual(4);
      const commands = send.mock.calls.map(([command]) => command);
      const memberQueries = commands.filter((c) => c instanceof QueryCommand && c.input.ExpressionAttributeValues?.[':pk'] === 'MEMBERS');
      expect(memberQueries).toHaveLength(1);
      expect(commands.filter((c) => c instanceof BatchGetCommand)).toHaveLength(1);
    } finally {
      send.mockRestore();
    }
  });
});
