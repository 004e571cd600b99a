// Who may see an organisation and act for it: its members, fund-side roles; only a VCSE onboards to
// Stripe and publishes activities, only a fund-managing organisation holds funds.
import { AppError } from '../errors.js';
import type { Organisation } from '../organisation.js';
import { hasRole, type Principal } from '../roles.js';
import { belongsTo, organisationOf } from './principal.js';

type OrganisationKindOf = Pick<Organisation, 'kind'>;

/** The organisation if the caller may see it: its own members, admins, fund managers and commissioners; else 404. */
export const visibleOrganisationOf = <O>(principal: Principal, organisation: O | undefined, organisationId: string): O => {
  const visible = organisation !== undefined && (belongsTo(principal, organisationId) || hasRole(principal, 'admin', 'fund_manager', 'commissioner'));
  if (!visible) throw new AppError('not_found', `No organisation ${organisationId}.`);
  return organisation;
};

/**
 * The organisation, if the caller may onboard it to Stripe: its own VCSE users. A role that never
 * onboards is refused (403) before anything is looked at, so real and made-up ids answer alike; another
 * VCSE's organisation stays unseen (404), and an organisation that is not a VCSE is refused (403).
 */
export const assertMayOnboard = <O extends OrganisationKindOf>(principal: Principal, organisation: O | undefined, organisationId: string): O => {
  if (!hasRole(principal, 'vcse')) throw new AppError('forbidden', 'This needs one of these roles: vcse.');
  organisationOf(principal);
  if (!organisation || !belongsTo(principal, organisationId)) throw new AppError('not_found', `No organisation ${organisationId}.`);
  if (organisation.kind !== 'vcse') throw new AppError('forbidden', 'Only VCSE organisations receive payouts.');
  return organisation;
};

/** Only a VCSE organisation publishes activities in the directory. */
export const assertMayPublishActivities = (organisation: OrganisationKindOf | undefined): void => {
  if (organisation?.kind !== 'vcse') throw new AppError('forbidden', 'Only a VCSE organisation can publish activities.');
};

/** Only a fund-managing organisation holds a fund. */
export const assertMayHoldFunds = (organisation: OrganisationKindOf | undefined): void => {
  if (organisation?.kind !== 'fund_manager') throw new AppError('forbidden', 'Only a fund-managing organisation can hold a fund.');
};

/**
 * An organisation's undelivered e-mails: its own members (they correct its addresses), admins, and
 * fund managers for a VCSE organisation (the ones their funds pay, whom they chase when it cannot be
 * reached); anyone else, and a fund manager asking about any other kind, is told it does not exist (404).
 */
export const visibleUndeliveredOf = <O extends OrganisationKindOf>(principal: Principal, organisation: O | undefined, organisationId: string): O => {
  const visible =
    organisation !== undefined &&
    (belongsTo(principal, organisationId) || hasRole(principal, 'admin') || (hasRole(principal, 'fund_manager') && mayFundManagerSeeUndelivered(organisation)));
  if (!visible) throw new AppError('not_found', `No organisation ${organisationId}.`);
  return organisation;
};

/** Of every organisation's undelivered e-mails, a fund manager sees the VCSE organisations' only; an admin sees all. */
export const mayFundManagerSeeUndelivered = (organisation: OrganisationKindOf): boolean => organisation.kind === 'vcse';

/** Every organisation's undelivered e-mails: fund managers and admins only. */
export const assertMaySeeAllUndelivered = (principal: Principal): void => {
  if (!hasRole(principal, 'admin', 'fund_manager')) throw new AppError('forbidden', 'This needs one of these roles: admin, fund_manager.');
};
