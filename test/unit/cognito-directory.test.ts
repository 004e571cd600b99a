// The Cognito calls behind inviting, inviting back and removing people: their order, what each leaves in the pool, and Cognito's refusals in plain words.
import { AdminListGroupsForUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { beforeEach, describe, expect, it } from 'vitest';
import { COGNITO_MEMBER_ACTIONS } from '../../infra/iam-actions.js';
import { AppError } from '../../shared/domain/errors.js';
import { createCognitoMemberDirectory } from '../../shared/identity/cognito-directory.js';
import { actionsCalled, createFakeCognito } from '../support/fake-cognito.js';

const cognito = createFakeCognito();
const directory = createCognitoMemberDirectory(new CognitoIdentityProviderClient({ region: 'eu-west-2' }), 'eu-west-2_POOL');
const sam = { email: 'sam@example.org', role: 'vcse', organisationId: 'org_1' } as const;
const POOL = { UserPoolId: 'eu-west-2_POOL', Username: 'sam@example.org' };

beforeEach(() => cognito.reset());

/** Invites and removes Sam, then forgets those calls, so a test sees only what inviting back sends. */
const removedSam = async (options: { setPassword: boolean }) => {
  await directory.invite(sam);
  if (options.setPassword) cognito.setPassword(sam.email);
  await directory.remove({ sub: 'ignored', email: sam.email });
  cognito.mock.resetHistory();
};
const inputsOf = (name: string) =>
  cognito.mock
    .calls()
    .filter((c) => (c.args[0] as { constructor: { name: string } }).constructor.name === `${name}Command`)
    .map((c) => (c.args[0] as { input: unknown }).input);
/** How every path for an e-mail Cognito already knows begins: the create refused, then whose account it is. */
const LOOKUP = ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'];
const refusal = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('Function: createCognitoMemberDirectory > invite', () => {
  it('creates the user with its work e-mail and organisation, lets Cognito e-mail the invitation, and adds the role’s group', async () => {
    // Act
    const result = await directory.invite(sam);
    // Assess
    expect(result).toEqual({ sub: 'sub-1', invitation: 'emailed' });
    expect(actionsCalled(cognito.mock)).toEqual(['cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminListGroupsForUser']);
    expect(inputsOf('AdminCreateUser')).toEqual([
      {
        ...POOL,
        UserAttributes: [
          { Name: 'email', Value: 'sam@example.org' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:org_id', Value: 'org_1' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(inputsOf('AdminAddUserToGroup')).toEqual([{ ...POOL, GroupName: 'vcse' }]);
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: ['vcse'], orgId: 'org_1' });
  });

  it('brings back someone removed who had set a password: new role only, enabled last, and no e-mail, since Cognito sends none', async () => {
    // Prepare
    await removedSam({ setPassword: true });
    expect(cognito.signIn(sam.email)).toBeUndefined();
    // Act: invited back as an admin (an admin may give that role).
    const result = await directory.invite({ ...sam, role: 'admin' });
    // Assess
    expect(result).toEqual({ sub: 'sub-1', invitation: 'password_kept' });
    expect(actionsCalled(cognito.mock)).toEqual([
      ...LOOKUP,
      'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminEnableUser',
    ]);
    expect(inputsOf('AdminUpdateUserAttributes')).toEqual([
      {
        ...POOL,
        UserAttributes: [
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:org_id', Value: 'org_1' },
        ],
      },
    ]);
    expect(inputsOf('AdminRemoveUserFromGroup')).toEqual([{ ...POOL, GroupName: 'vcse' }]);
    expect(inputsOf('AdminAddUserToGroup')).toEqual([{ ...POOL, GroupName: 'admin' }]);
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: ['admin'], orgId: 'org_1' });
    expect(cognito.users.get(sam.email)!.invitations).toBe(1);
  });

  it('brings back someone removed before they ever set a password, e-mailing a new temporary password (RESEND)', async () => {
    await removedSam({ setPassword: false });
    const result = await directory.invite(sam);
    expect(result).toEqual({ sub: 'sub-1', invitation: 'emailed' });
    expect(actionsCalled(cognito.mock)).toEqual([
      ...LOOKUP,
      'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminCreateUser',
    ]);
    expect(inputsOf('AdminCreateUser')[1]).toEqual({ ...POOL, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] });
    expect(cognito.users.get(sam.email)!.invitations).toBe(2);
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: ['vcse'], orgId: 'org_1' });
  });

  it('finishes an invitation whose group step failed when the person is invited again, as the first answer says', async () => {
    // Prepare: the first attempt creates the user and fails to add the group.
    cognito.failOnce('AdminAddUserToGroup');
    const first = await refusal(directory.invite(sam));
    expect(first).toMatchObject({ code: 'unavailable', message: expect.stringContaining('invite the person again') });
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: [], orgId: 'org_1' });
    cognito.mock.resetHistory();
    // Act
    const again = await directory.invite(sam);
    // Assess: same account, now in its group; the invitation is sent again, since only the newest temporary password counts.
    expect(again).toEqual({ sub: 'sub-1', invitation: 'emailed' });
    expect(actionsCalled(cognito.mock)).toEqual([
      ...LOOKUP,
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminCreateUser',
    ]);
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: ['vcse'], orgId: 'org_1' });
  });

  it('answers the same account with nothing sent when only our own record was missing (the table write failed after Cognito)', async () => {
    await directory.invite(sam);
    cognito.setPassword(sam.email);
    cognito.mock.resetHistory();
    expect(await directory.invite(sam)).toEqual({ sub: 'sub-1', invitation: 'password_kept' });
    expect(actionsCalled(cognito.mock)).toEqual([...LOOKUP, 'cognito-idp:AdminListGroupsForUser']);
  });

  it('never lets someone invited back sign in with their old role when a step fails, and finishes when invited again', async () => {
    await removedSam({ setPassword: true });
    cognito.failOnce('AdminEnableUser');
    const failed = await refusal(directory.invite({ ...sam, role: 'admin' }));
    expect(failed).toMatchObject({ code: 'unavailable', message: expect.stringContaining('invite the person again to finish') });
    expect(cognito.signIn(sam.email)).toBeUndefined();
    expect(await directory.invite({ ...sam, role: 'admin' })).toEqual({ sub: 'sub-1', invitation: 'password_kept' });
    expect(cognito.signIn(sam.email)).toEqual({ sub: 'sub-1', groups: ['admin'], orgId: 'org_1' });
  });

  it('takes every old group away, however many pages Cognito lists them on', async () => {
    cognito.add(sam.email, { orgId: 'org_1', groups: ['vcse', 'link_worker'], enabled: false });
    cognito.mock
      .on(AdminListGroupsForUserCommand)
      .resolvesOnce({ Groups: [{ GroupName: 'vcse' }], NextToken: 'page-2' })
      .resolvesOnce({ Groups: [{ GroupName: 'link_worker' }] })
      .resolvesOnce({ Groups: [{ GroupName: 'commissioner' }] });
    await directory.invite({ ...sam, role: 'commissioner' });
    // Two pages read, then the one check that the role is the only group.
    expect(inputsOf('AdminListGroupsForUser')).toHaveLength(3);
    expect(inputsOf('AdminListGroupsForUser')[1]).toMatchObject({ ...POOL, NextToken: 'page-2' });
    expect(cognito.signIn(sam.email)?.groups).toEqual(['commissioner']);
  });

  it('never leaves anyone in two roles when two invitations of one e-mail in different roles run at once', async () => {
    // Adding to a group answers after a while (as over a network), so the second invitation reads Sam's
    // groups while the first invitation's group is still being added.
    for (const wait of [5, 20, 40]) {
      cognito.reset();
      const client = new CognitoIdentityProviderClient({ region: 'eu-west-2' });
      const send = client.send.bind(client) as (command: object) => Promise<unknown>;
      client.send = (async (command: object) => {
        if (command.constructor.name === 'AdminAddUserToGroupCommand') await new Promise((resolve) => setTimeout(resolve, wait));
        return send(command);
      }) as typeof client.send;
      const racing = createCognitoMemberDirectory(client, 'eu-west-2_POOL');
      // Act: an admin invites Sam as a VCSE member and as an admin at the same moment.
      const outcomes = await Promise.allSettled([racing.invite(sam), racing.invite({ ...sam, role: 'admin' })]);
      // Assess: at most one succeeded, and Sam is in that role's group alone (or in none, if both stood back).
      const granted = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i === 0 ? 'vcse' : 'admin'] : []));
      expect(granted.length, `adding to a group taking ${wait} ms`).toBeLessThanOrEqual(1);
      expect(cognito.signIn(sam.email)?.groups ?? [], `adding to a group taking ${wait} ms`).toEqual(granted);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(AppError);
    }
  });

  it.each([
    { name: 'removed from another organisation', user: { orgId: 'org_2', groups: ['vcse'], enabled: false }, message: 'This person has an account with another organisation, and one account cannot belong to two' },
    { name: 'active in another organisation', user: { orgId: 'org_2', groups: ['vcse'] }, message: 'This person has an account with another organisation, and one account cannot belong to two' },
    { name: 'active here in another role', user: { orgId: 'org_1', groups: ['admin'] }, message: 'This person already has an account in this organisation with another role' },
    { name: 'active with no organisation (made outside the API)', user: { groups: ['admin'] }, message: 'This person already has an account' },
    { name: 'disabled with no organisation (an operator’s account, never ours)', user: { groups: [], enabled: false }, message: 'This person already has an account' },
  ])('refuses on /email, changing nothing, a person $name', async ({ user, message }) => {
    // Prepare
    cognito.add(sam.email, user);
    const before = structuredClone(cognito.users.get(sam.email));
    // Act
    const refused = await refusal(directory.invite(sam));
    // Assess
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'validation_failed', errors: [{ path: '/email', message }] });
    expect(actionsCalled(cognito.mock)).toEqual(LOOKUP);
    expect(cognito.users.get(sam.email)).toEqual(before);
  });

  it('answers unavailable, never a raw SDK error, when Cognito does not answer', async () => {
    cognito.failOnce('AdminCreateUser');
    await expect(directory.invite(sam)).rejects.toMatchObject({ code: 'unavailable', message: 'The sign-in service did not answer; please try again.' });
    expect(cognito.users.size).toBe(0);
  });
});

describe('Function: createCognitoMemberDirectory > remove', () => {
  it('removes a person by disabling the account and signing it out everywhere', async () => {
    await directory.invite(sam);
    cognito.mock.resetHistory();
    await directory.remove({ sub: 'sub-1', email: sam.email });
    expect(actionsCalled(cognito.mock)).toEqual(['cognito-idp:AdminDisableUser', 'cognito-idp:AdminUserGlobalSignOut']);
    expect(inputsOf('AdminDisableUser')).toEqual([POOL]);
    expect(inputsOf('AdminUserGlobalSignOut')).toEqual([POOL]);
    expect(cognito.signIn(sam.email)).toBeUndefined();
  });
});

describe('Constant: COGNITO_MEMBER_ACTIONS', () => {
  it('grants the API exactly the Cognito calls the directory makes, no fewer and none unused', async () => {
    // Every path: invite, a failed group step finished, remove, invite back in a new role with RESEND.
    cognito.failOnce('AdminAddUserToGroup');
    await refusal(directory.invite(sam));
    await directory.invite(sam);
    await directory.remove({ sub: 'sub-1', email: sam.email });
    await directory.invite({ ...sam, role: 'admin' });
    expect(new Set(actionsCalled(cognito.mock))).toEqual(new Set(COGNITO_MEMBER_ACTIONS));
  });
});
