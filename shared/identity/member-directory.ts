// Where people's accounts live: Cognito in AWS, the table alone locally. The API invites and removes through this.
import { createHash } from 'node:crypto';
import type { Role } from '../domain/roles.js';

export interface Invitation {
  readonly email: string;
  readonly role: Role;
  readonly organisationId: string;
}

export interface MemberDirectory {
  /** Creates the account (in AWS Cognito e-mails the invitation) and answers its `sub`. */
  invite(invitation: Invitation): Promise<{ sub: string }>;
  /** Stops the account signing in; its history stays. */
  remove(member: { sub: string; email: string }): Promise<void>;
}

/**
 * Locally there is nobody to e-mail: the account is the member record itself, and the local sign-in
 * (`POST /v1/dev/token`) issues a token for its `sub`. The sub is derived from the e-mail, so inviting
 * the same person again after a restart names the same account.
 */
export const createLocalMemberDirectory = (): MemberDirectory => ({
  async invite(invitation) {
    return { sub: `local-${createHash('sha256').update(invitation.email).digest('hex').slice(0, 16)}` };
  },
  async remove() {
    // Nothing outside the table to change.
  },
});
