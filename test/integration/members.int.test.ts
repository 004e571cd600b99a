// People: an admin, or an organisation's own lead, invites by work e-mail with a role, lists and removes; others cannot; each change audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalMemberDirectory } from '../../shared/identity/member-directory.js';
import { ADMIN, createOrganisation, tableSnapshot, userOf } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
let vcseOrg: string;
let otherOrg: string;
let lead: { sub: string; roles: ['vcse']; organisationId: string };

beforeAll(async () => {
  h = await createHarness({ members: createLocalMemberDirectory() });
  vcseOrg = (await createOrganisation(h, 'vcse')).id;
  otherOrg = (await createOrganisation(h, 'vcse')).id;
  const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: ADMIN, body: { email: 'Lead@Walks.example', role: 'vcse', lead: true } });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  lead = { sub: invited.body.sub, roles: ['vcse'], organisationId: vcseOrg };
});
afterAll(() => h.close());

describe('Route: POST /v1/organisations/{id}/members', () => {
  it('lets an admin invite a lead, who then invites a colleague; both are listed and can sign in locally', async () => {
    const colleague = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: lead, body: { email: 'sam@walks.example', role: 'vcse' } });
    expect(colleague.status, JSON.stringify(colleague.body)).toBe(201);
    expect(colleague.body).toMatchObject({ email: 'sam@walks.example', role: 'vcse', lead: false, status: 'active', invitedBy: lead.sub });
    const listed = await h.call('GET', `/v1/organisations/${vcseOrg}/members`, { as: lead });
    expect(listed.body.items.map((m: { email: string }) => m.email).sort()).toEqual(['lead@walks.example', 'sam@walks.example']);
    const local = await h.call('GET', '/v1/dev/users');
    expect(local.status).toBe(200);
    expect(local.body.items).toContainEqual({ sub: colleague.body.sub, roles: ['vcse'], organisationId: vcseOrg, email: 'sam@walks.example', lead: false });
  });

  it('records each invitation in the audit trail', async () => {
    const { queryAll } = await import('../../shared/store/query.js');
    const { entities } = await import('../../shared/store/entities.js');
    const { keys, partitionQuery, sortPrefix } = await import('../../shared/store/keys.js');
    const events = await queryAll(h.deps.store, entities.auditEvent, partitionQuery(keys.auditChain(vcseOrg), sortPrefix.auditEvent));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['organisation.created', 'member.invited']));
  });

  it.each([
    { name: 'a member who is not the lead (403)', as: () => userOf(vcseOrg, 'vcse', 'not-a-lead'), org: () => vcseOrg, status: 403 },
    { name: 'the lead of another organisation (404)', as: () => lead, org: () => otherOrg, status: 404 },
    { name: 'a fund manager (404)', as: () => userOf('org_01JF0000000000000000000000', 'fund_manager'), org: () => vcseOrg, status: 404 },
    { name: 'a role that does not fit the organisation (400)', as: () => ADMIN, org: () => vcseOrg, status: 400, body: { email: 'x1@walks.example', role: 'fund_manager' } },
    { name: 'an e-mail that is not one (400)', as: () => ADMIN, org: () => vcseOrg, status: 400, body: { email: 'not an email', role: 'vcse' } },
    { name: 'an e-mail that already has an account (400)', as: () => ADMIN, org: () => otherOrg, status: 400, body: { email: 'lead@walks.example', role: 'vcse' } },
    { name: 'an anonymous caller (401)', as: () => undefined, org: () => vcseOrg, status: 401 },
  ])('refuses $name, writing nothing', async ({ as, org, status, body }) => {
    const before = await tableSnapshot(h);
    const caller = as();
    const res = await h.call('POST', `/v1/organisations/${org()}/members`, { ...(caller ? { as: caller } : {}), body: body ?? { email: 'new@walks.example', role: 'vcse' } });
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});

describe('Route: DELETE /v1/organisations/{id}/members/{sub}', () => {
  it('lets the lead remove a colleague, who is then neither listed nor offered at the local sign-in', async () => {
    const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: lead, body: { email: 'leaving@walks.example', role: 'vcse' } });
    const removed = await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${invited.body.sub}`, { as: lead });
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(removed.body).toMatchObject({ status: 'removed' });
    const listed = await h.call('GET', `/v1/organisations/${vcseOrg}/members`, { as: lead });
    expect(listed.body.items.map((m: { sub: string }) => m.sub)).not.toContain(invited.body.sub);
    expect((await h.call('GET', '/v1/dev/users')).body.items.map((m: { sub: string }) => m.sub)).not.toContain(invited.body.sub);
    // The same person may be invited again later.
    expect((await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: lead, body: { email: 'leaving@walks.example', role: 'vcse' } })).status).toBe(201);
  });

  it('invites someone removed back in a new role: the local sign-in offers them in that role, and the trail records removal and return', async () => {
    // Prepare
    const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: lead, body: { email: 'returning@walks.example', role: 'vcse' } });
    expect((await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${invited.body.sub}`, { as: lead })).status).toBe(200);
    // Act
    const back = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: ADMIN, body: { email: 'returning@walks.example', role: 'admin' } });
    // Assess
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body).toMatchObject({ sub: invited.body.sub, role: 'admin', status: 'active', removedAt: null, invitation: 'none' });
    const offered = (await h.call('GET', '/v1/dev/users')).body.items.filter((m: { sub: string }) => m.sub === invited.body.sub);
    expect(offered).toEqual([{ sub: invited.body.sub, roles: ['admin'], organisationId: vcseOrg, email: 'returning@walks.example', lead: false }]);
    const { queryAll } = await import('../../shared/store/query.js');
    const { entities } = await import('../../shared/store/entities.js');
    const { keys, partitionQuery, sortPrefix } = await import('../../shared/store/keys.js');
    const events = (await queryAll(h.deps.store, entities.auditEvent, partitionQuery(keys.auditChain(vcseOrg), sortPrefix.auditEvent))).filter(
      (e) => (e.data as { sub?: string }).sub === invited.body.sub,
    );
    expect(events.map((e) => [e.action, (e.data as { role: string }).role])).toEqual([
      ['member.invited', 'vcse'],
      ['member.removed', 'vcse'],
      ['member.invited', 'admin'],
    ]);
  });

  it('refuses to invite someone removed from one organisation into another, writing nothing, as Cognito would', async () => {
    const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: lead, body: { email: 'moving@walks.example', role: 'vcse' } });
    expect((await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${invited.body.sub}`, { as: lead })).status).toBe(200);
    const before = await tableSnapshot(h);
    const refused = await h.call('POST', `/v1/organisations/${otherOrg}/members`, { as: ADMIN, body: { email: 'moving@walks.example', role: 'vcse' } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.errors).toEqual([{ path: '/email', message: 'This person has an account with another organisation, and one account cannot belong to two' }]);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('refuses a lead removing themselves, writing nothing', async () => {
    const before = await tableSnapshot(h);
    const res = await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${lead.sub}`, { as: lead });
    expect(res.status).toBe(409);
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers 404 for someone who is not a member, writing nothing', async () => {
    const before = await tableSnapshot(h);
    expect((await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/nobody-here`, { as: ADMIN })).status).toBe(404);
    expect(await tableSnapshot(h)).toEqual(before);
  });
});
