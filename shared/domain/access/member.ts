// Who manages an organisation's people: admins for any organisation, an organisation's lead for its own.
import { AppError } from '../errors.js';
import { hasRole, type Principal } from '../roles.js';
import { belongsTo } from './principal.js';

/**
 * The organisation if the caller may manage its people. Another organisation stays unseen (404) to
 * all but admins; in their own, a member who is not its lead is refused (403).
 */
export const assertMayManageMembers = <O>(principal: Principal, organisation: O | undefined, organisationId: string, callerIsLead: boolean): O => {
  const admin = hasRole(principal, 'admin');
  if (!organisation || !(admin || belongsTo(principal, organisationId))) throw new AppError('not_found', `No organisation ${organisationId}.`);
  if (!admin && !callerIsLead) throw new AppError('forbidden', 'Only your organisation’s lead or an admin manages its people.');
  return organisation;
};

/** A lead cannot remove themselves, so an organisation is never left by accident with nobody to manage it. */
export const assertNotSelf = (principal: Principal, sub: string): void => {
  if (principal.sub === sub) throw new AppError('invalid_transition', 'You cannot remove yourself: ask another lead or an admin.');
};

/** Why an e-mail cannot be invited, in the same words whether the table or Cognito noticed. */
const INVITE_REFUSALS = {
  alreadyHasAccount: 'This person already has an account',
  otherOrganisation: 'This person has an account with another organisation, and one account cannot belong to two',
  otherRole: 'This person already has an account in this organisation with another role',
} as const;

/** The refusal on the invitation's `/email` field: nothing was written. */
export const refuseInvite = (reason: keyof typeof INVITE_REFUSALS, cause?: unknown): AppError => {
  const message = INVITE_REFUSALS[reason];
  return new AppError('validation_failed', `/email: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, { cause, errors: [{ path: '/email', message }] });
};
