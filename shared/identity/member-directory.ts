// Where people's accounts live: Cognito in AWS, the table alone locally. The API invites and removes through this.
import { createHash } from 'node:crypto';
import type { Role } from '../domain/roles.js';

export interface Invitation {
  readonly email: string;
  readonly role: Role;
  readonly organisationId: string;
}

/**
 * What the person was sent:
 * - `emailed`: an invitation with a temporary password (a new account, or one whose password was never set);
 * - `password_kept`: nothing; a removed account was re-enabled and they sign in with the password they set before;
 * - `none`: locally there is no e-mail, the person appears at the local sign-in.
 */
export const INVITATION_OUTCOMES = ['emailed', 'password_kept', 'none'] as const;
export type InvitationOutcome = (typeof INVITATION_OUTCOMES)[number];

export interface MemberDirectory {
  /**
   * Makes the account able to sign in to this organisation in this role (in AWS Cognito e-mails the
   * invitation) and answers its `sub`. Safe to call again after a failure part-way: it finishes the job.
   */
  invite(invitation: Invitation): Promise<{ sub: string; invitation: InvitationOutcome }>;
  /** Stops the account signing in; its history stays. */
  remove(member: { sub: string; email: string }): Promise<void>;
}

/**
 * Locally there is nobody to e-mail: the account is the member record itself, and the local sign-in
 * (`POST /v1/dev/token`) issues a token for its `sub`. The sub is derived from the e-mail, so inviting
 * the same person again (after a restart, or after removing them) names the same account, as Cognito's
 * re-enabled user keeps its sub.
 */
export const createLocalMemberDirectory = (): MemberDirectory => ({
  async invite(invitation) {
    return { sub: `local-${createHash('sha256').update(invitation.email).digest('hex').slice(0, 16)}`, invitation: 'none' };
  },
  async remove() {
    // Nothing outside the table to change.
  },
});
