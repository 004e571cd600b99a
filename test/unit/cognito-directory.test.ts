// The Cognito calls behind inviting and removing people: their shape, and Cognito's refusals in plain words.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/domain/errors.js';
import { createCognitoMemberDirectory } from '../../shared/identity/cognito-directory.js';

const cognito = mockClient(CognitoIdentityProviderClient);
const directory = createCognitoMemberDirectory(new CognitoIdentityProviderClient({ region: 'eu-west-2' }), 'eu-west-2_POOL');

beforeEach(() => cognito.reset());

describe('Function: createCognitoMemberDirectory', () => {
  it('creates the user with its work e-mail and organisation, lets Cognito e-mail the invitation, and adds the role’s group', async () => {
    // Prepare
    cognito.on(AdminCreateUserCommand).resolves({ User: { Username: 'sam@example.org', Attributes: [{ Name: 'sub', Value: 'sub-123' }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    // Act
    const result = await directory.invite({ email: 'sam@example.org', role: 'vcse', organisationId: 'org_1' });
    // Assess
    expect(result).toEqual({ sub: 'sub-123' });
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: 'eu-west-2_POOL',
      Username: 'sam@example.org',
      UserAttributes: [
        { Name: 'email', Value: 'sam@example.org' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:org_id', Value: 'org_1' },
      ],
      DesiredDeliveryMediums: ['EMAIL'],
    });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-2_POOL', Username: 'sam@example.org', GroupName: 'vcse' });
  });

  it('says the person already has an account when Cognito knows the e-mail', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    const refusal = await directory.invite({ email: 'sam@example.org', role: 'vcse', organisationId: 'org_1' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ code: 'validation_failed', errors: [{ path: '/email', message: 'This person already has an account' }] });
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toHaveLength(0);
  });

  it('answers unavailable, never a raw SDK error, when Cognito does not answer', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new Error('socket hang up'));
    await expect(directory.invite({ email: 'sam@example.org', role: 'vcse', organisationId: 'org_1' })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('removes a person by disabling the account and signing it out everywhere', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    await directory.remove({ sub: 'sub-123', email: 'sam@example.org' });
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-2_POOL', Username: 'sam@example.org' });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]!.args[0].input).toEqual({ UserPoolId: 'eu-west-2_POOL', Username: 'sam@example.org' });
  });
});
