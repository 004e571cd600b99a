// Members in the Cognito user pool: an invitation creates the user in the role's group (or re-enables one removed from the same organisation); removal disables it.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  paginateAdminListGroupsForUser,
  UsernameExistsException,
  UserStatusType,
  type AdminGetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { refuseInvite } from '../domain/access/member.js';
import { AppError } from '../domain/errors.js';
import type { Role } from '../domain/roles.js';
import type { Invitation, InvitationOutcome, MemberDirectory } from './member-directory.js';

const unavailable = (cause: unknown) => new AppError('unavailable', 'The sign-in service did not answer; please try again.', { cause });
/** Every step below is safe to repeat, so after a failure part-way inviting again finishes the job. */
const unfinished = (cause: unknown) =>
  new AppError('unavailable', 'The sign-in service stopped part-way through the invitation; invite the person again to finish it.', { cause });

const attribute = (user: AdminGetUserCommandOutput, name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;

export const createCognitoMemberDirectory = (client: CognitoIdentityProviderClient, userPoolId: string): MemberDirectory => {
  const pool = { UserPoolId: userPoolId };

  const groupsOf = async (email: string): Promise<string[]> => {
    const names: string[] = [];
    for await (const page of paginateAdminListGroupsForUser({ client }, { ...pool, Username: email })) {
      names.push(...(page.Groups ?? []).flatMap((g) => (g.GroupName ? [g.GroupName] : [])));
    }
    return names;
  };

  /** Leaves the user in exactly the role's group: a removed person invited back with a new role loses the old one. */
  const setGroups = async (email: string, role: Role, current: readonly string[]) => {
    for (const group of current.filter((g) => g !== role)) {
      await client.send(new AdminRemoveUserFromGroupCommand({ ...pool, Username: email, GroupName: group }));
    }
    if (!current.includes(role)) await client.send(new AdminAddUserToGroupCommand({ ...pool, Username: email, GroupName: role }));
  };

  /**
   * After setting the role: if another invitation for the same e-mail in another role ran at the same
   * moment, the user may be in both groups. Ours comes out again and the invitation is refused, so no
   * one is ever left with two roles (if both see it, both refuse, and the next invitation finishes).
   */
  const confirmOnlyRole = async (email: string, role: Role) => {
    if ((await groupsOf(email)).every((g) => g === role)) return;
    await client.send(new AdminRemoveUserFromGroupCommand({ ...pool, Username: email, GroupName: role }));
    throw refuseInvite('otherRole');
  };

  /**
   * Cognito sends a new invitation (a new temporary password) only to a user who never set a password
   * (FORCE_CHANGE_PASSWORD); anyone else signs in with the password they already have, so nothing is sent.
   */
  const resendIfNeeded = async (email: string, user: AdminGetUserCommandOutput): Promise<InvitationOutcome> => {
    if (user.UserStatus !== UserStatusType.FORCE_CHANGE_PASSWORD) return 'password_kept';
    await client.send(new AdminCreateUserCommand({ ...pool, Username: email, MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
    return 'emailed';
  };

  /** The e-mail already has a user: finish an invitation that stopped part-way, or bring back someone removed. */
  const resume = async ({ email, role, organisationId }: Invitation, cause: unknown) => {
    let user: AdminGetUserCommandOutput;
    let groups: string[];
    try {
      user = await client.send(new AdminGetUserCommand({ ...pool, Username: email }));
      groups = await groupsOf(email);
    } catch (error) {
      throw unavailable(error);
    }
    const sub = attribute(user, 'sub');
    if (!sub) throw new AppError('internal', 'The sign-in service holds the account without an id.', { cause });
    const org = attribute(user, 'custom:org_id');
    // No silent move between organisations: the token's custom:org_id decides what the person sees.
    if (org !== undefined && org !== organisationId) throw refuseInvite('otherOrganisation', cause);
    // A user without our organisation, enabled or not, was not made by an invitation (ours always sets
    // it): an operator's account, never handed to whoever invites its e-mail first.
    if (org === undefined) throw refuseInvite('alreadyHasAccount', cause);
    if (user.Enabled) {
      // Enabled and already in another role's group: someone who signs in today; changing their role is not an invitation.
      if (groups.some((g) => g !== role)) throw refuseInvite('otherRole', cause);
    }
    try {
      if (!user.Enabled) {
        await client.send(
          new AdminUpdateUserAttributesCommand({
            ...pool,
            Username: email,
            UserAttributes: [
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:org_id', Value: organisationId },
            ],
          }),
        );
      }
      // The groups before enabling: a re-enabled user must never sign in, even for a moment, in their old role.
      await setGroups(email, role, groups);
      await confirmOnlyRole(email, role);
      if (!user.Enabled) await client.send(new AdminEnableUserCommand({ ...pool, Username: email }));
      return { sub, invitation: await resendIfNeeded(email, user) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'validation_failed') throw error;
      throw unfinished(error);
    }
  };

  return {
    async invite(invitation) {
      const { email, role, organisationId } = invitation;
      let sub: string | undefined;
      try {
        const created = await client.send(
          new AdminCreateUserCommand({
            ...pool,
            Username: email,
            UserAttributes: [
              { Name: 'email', Value: email },
              // The invitation goes to this address, so reaching it proves it.
              { Name: 'email_verified', Value: 'true' },
              { Name: 'custom:org_id', Value: organisationId },
            ],
            DesiredDeliveryMediums: ['EMAIL'],
          }),
        );
        sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
      } catch (error) {
        if (error instanceof UsernameExistsException) return resume(invitation, error);
        throw unavailable(error);
      }
      if (!sub) throw new AppError('internal', 'The sign-in service created the account without an id.');
      try {
        await client.send(new AdminAddUserToGroupCommand({ ...pool, Username: email, GroupName: role }));
        await confirmOnlyRole(email, role);
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation_failed') throw error;
        throw unfinished(error);
      }
      return { sub, invitation: 'emailed' };
    },
    async remove({ email }) {
      try {
        await client.send(new AdminDisableUserCommand({ ...pool, Username: email }));
        // Ends their sessions: refresh tokens stop working at once; an ID token already issued lasts its hour.
        await client.send(new AdminUserGlobalSignOutCommand({ ...pool, Username: email }));
      } catch (error) {
        throw unavailable(error);
      }
    },
  };
};
