// Members in the Cognito user pool: an invitation is AdminCreateUser (Cognito e-mails a temporary password) plus the role's group.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { AppError } from '../domain/errors.js';
import type { MemberDirectory } from './member-directory.js';

export const createCognitoMemberDirectory = (client: CognitoIdentityProviderClient, userPoolId: string): MemberDirectory => ({
  async invite({ email, role, organisationId }) {
    let sub: string | undefined;
    try {
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
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
      if (error instanceof UsernameExistsException) {
        throw new AppError('validation_failed', '/email: this person already has an account', { cause: error, errors: [{ path: '/email', message: 'This person already has an account' }] });
      }
      throw new AppError('unavailable', 'The sign-in service did not answer; please try again.', { cause: error });
    }
    if (!sub) throw new AppError('internal', 'The sign-in service created the account without an id.');
    try {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: email, GroupName: role }));
    } catch (error) {
      throw new AppError('unavailable', 'The account was created but its role was not set; invite the person again.', { cause: error });
    }
    return { sub };
  },
  async remove({ email }) {
    try {
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: email }));
      // Ends their sessions: refresh tokens stop working at once; an ID token already issued lasts its hour.
      await client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: userPoolId, Username: email }));
    } catch (error) {
      throw new AppError('unavailable', 'The sign-in service did not answer; please try again.', { cause: error });
    }
  },
});
