// Who may read an organisation's money (its agreements, its statement): its own VCSE users, the fund
// managers of the funds that pay it (their funds' part only), commissioners and admins.
import type { Context } from 'hono';
import { AppError } from '../../../shared/domain/errors.js';
import type { Organisation } from '../../../shared/domain/organisation.js';
import { hasRole } from '../../../shared/domain/roles.js';
import { managedFundIds } from '../../../shared/store/funds.js';
import { getOrganisation } from '../../../shared/store/organisations.js';
import { requireRole } from '../middleware/auth.js';
import type { AppEnv } from '../env.js';

export interface OrganisationMoneyView {
  readonly organisation: Organisation;
  /** The funds whose part the caller sees; undefined means every fund. */
  readonly fundIds: ReadonlySet<string> | undefined;
}

/**
 * A link worker is refused as a role that never reads money (403); a VCSE user asking about another
 * organisation learns nothing of it (404), as for any resource of another organisation.
 */
export const readOrganisationMoney = async (c: Context<AppEnv>, id: string, what: string): Promise<OrganisationMoneyView> => {
  const principal = requireRole(c);
  const own = hasRole(principal, 'vcse') && principal.organisationId === id;
  if (!own && !hasRole(principal, 'fund_manager', 'commissioner', 'admin')) {
    if (!hasRole(principal, 'vcse')) throw new AppError('forbidden', `${what} are for the organisation itself, its fund managers and commissioners.`);
    throw new AppError('not_found', `No organisation ${id}.`);
  }
  const { store } = c.get('deps');
  const organisation = await getOrganisation(store, id);
  if (!organisation) throw new AppError('not_found', `No organisation ${id}.`);
  if (own || hasRole(principal, 'commissioner', 'admin')) return { organisation, fundIds: undefined };
  return { organisation, fundIds: new Set(principal.organisationId ? await managedFundIds(store, principal.organisationId) : []) };
};
