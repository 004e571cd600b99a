// People as AWS runs them: the API with Cognito's directory (a user pool in memory, test/support/fake-cognito.ts) over DynamoDB Local; remove, invite back, finish a half-done invitation.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognitoMemberDirectory } from '../../shared/identity/cognito-directory.js';
import { entities } from '../../shared/store/entities.js';
import { keys, partitionQuery, sortPrefix } from '../../shared/store/keys.js';
import { queryAll } from '../../shared/store/query.js';
import { ADMIN, createOrganisation, tableSnapshot } from '../support/builders.js';
import { createFakeCognito } from '../support/fake-cognito.js';
import { createHarness, type Harness } from '../support/harness.js';
import { checkIam, synthesizedTemplate, tablePolicies } from '../support/iam-checking-client.js';

const cognito = createFakeCognito();
let h: Harness;
let vcseOrg: string;
let otherOrg: string;
let lead: { sub: string; roles: ['vcse']; organisationId: string };

beforeAll(async () => {
  const client = new CognitoIdentityProviderClient({ region: 'eu-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  h = await createHarness({ members: createCognitoMemberDirectory(client, 'eu-west-2_TEST') });
  vcseOrg = (await createOrganisation(h, 'vcse')).id;
  otherOrg = (await createOrganisation(h, 'vcse')).id;
  const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: ADMIN, body: { email: 'lead@walks.example', role: 'vcse', lead: true } });
  expect(invited.status, JSON.stringify(invited.body)).toBe(201);
  lead = { sub: invited.body.sub, roles: ['vcse'], organisationId: vcseOrg };
}, 60_000);
afterAll(() => h.close());

const invite = (as: typeof lead | typeof ADMIN, organisationId: string, body: { email: string; role: string }) =>
  h.call('POST', `/v1/organisations/${organisationId}/members`, { as, body });
const memberEvents = async (organisationId: string) =>
  (await queryAll(h.deps.store, entities.auditEvent, partitionQuery(keys.auditChain(organisationId), sortPrefix.auditEvent)))
    .filter((e) => e.action.startsWith('member.'))
    .map((e) => ({ action: e.action, sub: (e.data as { sub: string }).sub, role: (e.data as { role: string }).role }));

/** Runs `act` with the harness's table client refusing, as IAM would, anything the API's role is not granted. */
const asTheApiRole = async (act: () => Promise<void>) => {
  const check = checkIam(h.table.store.raw, tablePolicies(await synthesizedTemplate()), 'api');
  try {
    await act();
  } finally {
    h.table.store.raw.middlewareStack.remove('iamCheckingClient');
  }
  expect(check.refused.map((r) => r.message)).toEqual([]);
};

describe('Route: DELETE then POST /v1/organisations/{id}/members (Cognito)', () => {
  it('removes someone and invites them back in a new role: they sign in again in that role alone, and the trail records both', async () => {
    // Prepare: Sam is invited and sets a password.
    const invited = await invite(lead, vcseOrg, { email: 'sam@walks.example', role: 'vcse' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(invited.body).toMatchObject({ status: 'active', role: 'vcse', invitation: 'emailed' });
    cognito.setPassword('sam@walks.example');

    await asTheApiRole(async () => {
      // Act: the lead removes Sam; later an admin invites Sam back as an admin.
      const removed = await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${invited.body.sub}`, { as: lead });
      expect(removed.status, JSON.stringify(removed.body)).toBe(200);
      expect(cognito.signIn('sam@walks.example')).toBeUndefined();
      const back = await invite(ADMIN, vcseOrg, { email: 'sam@walks.example', role: 'admin' });

      // Assess: same account, active, the new role; nothing e-mailed, since Sam has a password.
      expect(back.status, JSON.stringify(back.body)).toBe(201);
      expect(back.body).toMatchObject({ sub: invited.body.sub, status: 'active', role: 'admin', removedAt: null, invitation: 'password_kept' });
    });
    expect(cognito.signIn('sam@walks.example')).toEqual({ sub: invited.body.sub, groups: ['admin'], orgId: vcseOrg });
    expect(cognito.users.get('sam@walks.example')!.invitations).toBe(1);
    const listed = await h.call('GET', `/v1/organisations/${vcseOrg}/members`, { as: lead });
    expect(listed.body.items.filter((m: { email: string }) => m.email === 'sam@walks.example')).toMatchObject([{ role: 'admin', status: 'active' }]);
    expect((await memberEvents(vcseOrg)).filter((e) => e.sub === invited.body.sub)).toEqual([
      { action: 'member.invited', sub: invited.body.sub, role: 'vcse' },
      { action: 'member.removed', sub: invited.body.sub, role: 'vcse' },
      { action: 'member.invited', sub: invited.body.sub, role: 'admin' },
    ]);
  });

  it('refuses to invite someone removed from one organisation into another, writing nothing and asking Cognito nothing', async () => {
    // Prepare
    const invited = await invite(lead, vcseOrg, { email: 'moving@walks.example', role: 'vcse' });
    expect((await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${invited.body.sub}`, { as: lead })).status).toBe(200);
    const before = await tableSnapshot(h);
    cognito.mock.resetHistory();
    // Act
    const refused = await invite(ADMIN, otherOrg, { email: 'moving@walks.example', role: 'vcse' });
    // Assess
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.errors).toEqual([{ path: '/email', message: 'This person has an account with another organisation, and one account cannot belong to two' }]);
    expect(cognito.mock.calls()).toHaveLength(0);
    expect(await tableSnapshot(h)).toEqual(before);
    expect(cognito.signIn('moving@walks.example')).toBeUndefined();
  });

  it('refuses, on Cognito’s word, an e-mail whose account belongs to another organisation though our table has never seen it', async () => {
    cognito.add('elsewhere@walks.example', { orgId: otherOrg, groups: ['vcse'], enabled: false });
    const before = await tableSnapshot(h);
    const refused = await invite(lead, vcseOrg, { email: 'elsewhere@walks.example', role: 'vcse' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.errors[0].message).toContain('another organisation');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('answers 503 when Cognito fails part-way, writing nothing, and inviting again finishes the invitation', async () => {
    // Prepare: the group step fails once.
    cognito.failOnce('AdminAddUserToGroup');
    const before = await tableSnapshot(h);
    // Act
    const failed = await invite(lead, vcseOrg, { email: 'kim@walks.example', role: 'vcse' });
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect(failed.body.detail).toContain('invite the person again');
    expect(await tableSnapshot(h)).toEqual(before);
    const again = await invite(lead, vcseOrg, { email: 'kim@walks.example', role: 'vcse' });
    // Assess
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.body).toMatchObject({ email: 'kim@walks.example', status: 'active', invitation: 'emailed' });
    expect(cognito.signIn('kim@walks.example')).toEqual({ sub: again.body.sub, groups: ['vcse'], orgId: vcseOrg });
  });

  it('still refuses someone who is active, before asking Cognito anything', async () => {
    cognito.mock.resetHistory();
    const refused = await invite(ADMIN, otherOrg, { email: 'lead@walks.example', role: 'vcse' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: '/email', message: 'This person already has an account' }]);
    expect(cognito.mock.calls()).toHaveLength(0);
  });

  it('refuses a removed person at once though Cognito failed to disable them, and removing again finishes it', async () => {
    // Prepare: Pat is invited and signs in; Cognito will drop the next disable.
    const invited = await invite(lead, vcseOrg, { email: 'pat@walks.example', role: 'vcse' });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    cognito.setPassword('pat@walks.example');
    const pat = { sub: invited.body.sub, roles: ['vcse'] as ['vcse'], organisationId: vcseOrg };
    cognito.failOnce('AdminDisableUser');
    // Act
    const failed = await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${pat.sub}`, { as: lead });
    // Assess: the lead is told to try again, but the table already says removed, so Pat's token does nothing.
    expect(failed.status, JSON.stringify(failed.body)).toBe(503);
    expect((await h.call('GET', `/v1/referrals`, { as: pat })).status).toBe(401);
    expect(cognito.signIn('pat@walks.example')).toBeDefined();
    const events = (await memberEvents(vcseOrg)).filter((e) => e.sub === pat.sub);
    // Act: the lead sends the removal again.
    const again = await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${pat.sub}`, { as: lead });
    // Assess: Cognito's part is done, and the trail records one removal.
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ status: 'removed' });
    expect(cognito.signIn('pat@walks.example')).toBeUndefined();
    expect((await memberEvents(vcseOrg)).filter((e) => e.sub === pat.sub)).toEqual(events);
    expect(events.map((e) => e.action)).toEqual(['member.invited', 'member.removed']);
  });

  it('refuses a removed lead’s token, still within its hour, with 401: they cannot invite themselves (or anyone) back', async () => {
    // Prepare: a second lead, removed by the first; their token lasts its hour, but the API reads their record.
    const invited = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: ADMIN, body: { email: 'former-lead@walks.example', role: 'vcse', lead: true } });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const former = { sub: invited.body.sub, roles: ['vcse'] as ['vcse'], organisationId: vcseOrg };
    expect((await h.call('DELETE', `/v1/organisations/${vcseOrg}/members/${former.sub}`, { as: lead })).status).toBe(200);
    const before = await tableSnapshot(h);
    // Act
    const self = await h.call('POST', `/v1/organisations/${vcseOrg}/members`, { as: former, body: { email: 'former-lead@walks.example', role: 'vcse', lead: true } });
    const list = await h.call('GET', `/v1/organisations/${vcseOrg}/members`, { as: former });
    // Assess
    expect(self.status, JSON.stringify(self.body)).toBe(401);
    expect(self.body.detail).toMatch(/^You were removed from this organisation’s people on \d{1,2} [A-Z][a-z]+ \d{4}\. Ask its lead if that is a mistake\.$/);
    expect(list.status).toBe(401);
    expect(await tableSnapshot(h)).toEqual(before);
    expect(cognito.signIn('former-lead@walks.example')).toBeUndefined();
  });

  it('takes the sign-in away again when Cognito let someone in but the table could not record them', async () => {
    // Prepare: the table refuses the member's write with a failure that is not a refusal.
    const doc = h.deps.store.doc as { send: (...args: unknown[]) => Promise<unknown> };
    const send = doc.send;
    doc.send = async (...args: unknown[]) => {
      if ((args[0] as object).constructor.name === 'TransactWriteCommand') throw Object.assign(new Error('Service unavailable'), { name: 'InternalServerError', $metadata: { httpStatusCode: 500 } });
      return send.apply(doc, args);
    };
    // Act
    let failed: { status: number; body: { code: string } } | undefined;
    try {
      failed = await invite(lead, vcseOrg, { email: 'lost@walks.example', role: 'vcse' });
    } finally {
      doc.send = send;
    }
    // Assess: refused, and nobody can sign in whom the service cannot see; inviting again does the whole job.
    expect(failed?.status, JSON.stringify(failed?.body)).toBeGreaterThanOrEqual(500);
    expect(cognito.signIn('lost@walks.example')).toBeUndefined();
    const again = await invite(lead, vcseOrg, { email: 'lost@walks.example', role: 'vcse' });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(cognito.signIn('lost@walks.example')).toMatchObject({ groups: ['vcse'], orgId: vcseOrg });
  });
});
