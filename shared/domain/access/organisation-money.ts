// Who may read an organisation's money (its agreements across funds, its statement): its own VCSE
// users, the fund managers of the funds that pay it (their funds' part only) and commissioners; admins
// administer organisations and are given no view of their money.
import { AppError } from '../errors.js';
import { hasRole, type Principal } from '../roles.js';
import { belongsTo } from './principal.js';

/** Which funds' part of the organisation's money the caller sees. */
export type MoneyScope =
  | { readonly funds: 'all' }
  /** Only the funds this organisation manages (none, for a fund manager without one). */
  | { readonly funds: 'managed'; readonly managerOrganisationId: string | undefined };

/**
 * Decided before anything is read. A link worker is refused as a role that never reads money (403);
 * a VCSE user asking about another organisation learns nothing of it (404).
 */
export const organisationMoneyScope = (principal: Principal, organisationId: string, what: string): MoneyScope => {
  const own = hasRole(principal, 'vcse') && belongsTo(principal, organisationId);
  if (own || hasRole(principal, 'commissioner')) return { funds: 'all' };
  if (hasRole(principal, 'fund_manager')) return { funds: 'managed', managerOrganisationId: principal.organisationId };
  if (hasRole(principal, 'vcse')) throw new AppError('not_found', `No organisation ${organisationId}.`);
  throw new AppError('forbidden', `${what} are for the organisation itself, its fund managers and commissioners.`);
};
