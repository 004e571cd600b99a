// A user pool in memory behind aws-sdk-client-mock, answering the calls the member directory makes as Cognito documents them (there is no local Cognito).
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  UnsupportedUserStateException,
  UsernameExistsException,
  UserNotFoundException,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';

export interface FakeUser {
  readonly sub: string;
  enabled: boolean;
  /** FORCE_CHANGE_PASSWORD until the person signs in with the temporary password and sets their own. */
  status: 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED';
  readonly attributes: Map<string, string>;
  readonly groups: Set<string>;
  /** Invitation e-mails Cognito sent: on creation, and on each RESEND. */
  invitations: number;
  signedOut: number;
}

/** The mock's calls, named as IAM names them (`cognito-idp:AdminCreateUser`), in order. */
const cognitoMock = () => mockClient(CognitoIdentityProviderClient);
export type CognitoMock = ReturnType<typeof cognitoMock>;
export const actionsCalled = (mock: CognitoMock) => mock.calls().map((c) => `cognito-idp:${(c.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')}`);

const meta = { $metadata: {} };

export const createFakeCognito = () => {
  const mock = cognitoMock();
  const users = new Map<string, FakeUser>();
  const failures = new Map<string, number>();
  let next = 0;

  const user = (username: string | undefined) => {
    const found = users.get(username ?? '');
    if (!found) throw new UserNotFoundException({ message: 'User does not exist.', ...meta });
    return found;
  };
  /** A step told to fail (failOnce) rejects as the network would, before changing anything. */
  const maybeFail = (name: string) => {
    const left = failures.get(name) ?? 0;
    if (left > 0) {
      failures.set(name, left - 1);
      throw new Error(`socket hang up (${name})`);
    }
  };
  const attributesOf = (u: FakeUser) => [{ Name: 'sub', Value: u.sub }, ...[...u.attributes].map(([Name, Value]) => ({ Name, Value }))];

  const install = () => {
    mock.on(AdminCreateUserCommand).callsFake((input) => {
      maybeFail('AdminCreateUser');
      if (input.MessageAction === 'RESEND') {
        const u = user(input.Username);
        // Cognito resends only to someone who has not yet set a password.
        if (u.status !== 'FORCE_CHANGE_PASSWORD') throw new UnsupportedUserStateException({ message: 'User is not in FORCE_CHANGE_PASSWORD state.', ...meta });
        u.invitations += 1;
        return { User: { Username: input.Username, Attributes: attributesOf(u), Enabled: u.enabled, UserStatus: u.status } };
      }
      if (users.has(input.Username!)) throw new UsernameExistsException({ message: 'User account already exists.', ...meta });
      next += 1;
      const u: FakeUser = {
        sub: `sub-${next}`,
        enabled: true,
        status: 'FORCE_CHANGE_PASSWORD',
        attributes: new Map((input.UserAttributes ?? []).map((a: AttributeType): [string, string] => [a.Name!, a.Value!])),
        groups: new Set(),
        invitations: input.MessageAction === 'SUPPRESS' ? 0 : 1,
        signedOut: 0,
      };
      users.set(input.Username!, u);
      return { User: { Username: input.Username, Attributes: attributesOf(u), Enabled: true, UserStatus: u.status } };
    });
    mock.on(AdminGetUserCommand).callsFake((input) => {
      maybeFail('AdminGetUser');
      const u = user(input.Username);
      return { Username: input.Username, UserAttributes: attributesOf(u), Enabled: u.enabled, UserStatus: u.status };
    });
    mock.on(AdminListGroupsForUserCommand).callsFake((input) => {
      maybeFail('AdminListGroupsForUser');
      return { Groups: [...user(input.Username).groups].map((GroupName) => ({ GroupName })) };
    });
    mock.on(AdminAddUserToGroupCommand).callsFake((input) => {
      maybeFail('AdminAddUserToGroup');
      user(input.Username).groups.add(input.GroupName!);
      return {};
    });
    mock.on(AdminRemoveUserFromGroupCommand).callsFake((input) => {
      maybeFail('AdminRemoveUserFromGroup');
      user(input.Username).groups.delete(input.GroupName!);
      return {};
    });
    mock.on(AdminUpdateUserAttributesCommand).callsFake((input) => {
      maybeFail('AdminUpdateUserAttributes');
      const u = user(input.Username);
      for (const a of (input.UserAttributes ?? []) as AttributeType[]) u.attributes.set(a.Name!, a.Value!);
      return {};
    });
    mock.on(AdminEnableUserCommand).callsFake((input) => {
      maybeFail('AdminEnableUser');
      user(input.Username).enabled = true;
      return {};
    });
    mock.on(AdminDisableUserCommand).callsFake((input) => {
      maybeFail('AdminDisableUser');
      user(input.Username).enabled = false;
      return {};
    });
    mock.on(AdminUserGlobalSignOutCommand).callsFake((input) => {
      maybeFail('AdminUserGlobalSignOut');
      user(input.Username).signedOut += 1;
      return {};
    });
  };
  install();

  return {
    mock,
    users,
    /** Forgets every user and call, keeping the behaviour. */
    reset() {
      mock.reset();
      users.clear();
      failures.clear();
      next = 0;
      install();
    },
    /** The next call of this command (e.g. 'AdminAddUserToGroup') fails as a dropped connection. */
    failOnce(command: string) {
      failures.set(command, (failures.get(command) ?? 0) + 1);
    },
    /** The person signs in with the temporary password and sets their own. */
    setPassword(username: string) {
      user(username).status = 'CONFIRMED';
    },
    /** What a sign-in would put in the ID token, or undefined when Cognito refuses it (disabled). */
    signIn(username: string) {
      const u = users.get(username);
      return u?.enabled ? { sub: u.sub, groups: [...u.groups], orgId: u.attributes.get('custom:org_id') } : undefined;
    },
    /** A user made some other way (the console, a script), with these attributes and groups. */
    add(username: string, options: { orgId?: string; groups?: string[]; enabled?: boolean; status?: FakeUser['status'] }) {
      next += 1;
      const attributes = new Map([['email', username]]);
      if (options.orgId) attributes.set('custom:org_id', options.orgId);
      users.set(username, {
        sub: `sub-${next}`,
        enabled: options.enabled ?? true,
        status: options.status ?? 'CONFIRMED',
        attributes,
        groups: new Set(options.groups ?? []),
        invitations: 0,
        signedOut: 0,
      });
    },
  };
};

export type FakeCognito = ReturnType<typeof createFakeCognito>;
