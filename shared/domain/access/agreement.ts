// Who may see a fund's agreements: fund-side roles see them all, a VCSE only its own organisation's.
import { AppError } from '../errors.js';
import { hasRole, type Principal } from '../roles.js';
import { organisationOf } from './principal.js';

/** How much of a fund's agreements the caller sees, before the fund is read. */
export type AgreementScope =
  /** Every agreement, once the fund itself is visible to the caller. */
  | { readonly by: 'fund' }
  /** Only the agreements with this organisation, of any fund that exists. */
  | { readonly by: 'organisation'; readonly organisationId: string };

export const agreementScope = (principal: Principal): AgreementScope => {
  if (hasRole(principal, 'fund_manager', 'commissioner')) return { by: 'fund' };
  if (hasRole(principal, 'vcse')) return { by: 'organisation', organisationId: organisationOf(principal) };
  throw new AppError('forbidden', 'Agreements are for fund managers, commissioners and the VCSE organisations they fund.');
};

