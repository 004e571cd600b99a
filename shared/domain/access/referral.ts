// Who may see and act on a referral: the activity's VCSE, the referring organisation, the managers
// of the fund that paid for it, commissioners and admins.
import { AppError } from '../errors.js';
import type { Fund } from '../fund.js';
import type { Referral } from '../referral.js';
import { hasRole, type Principal } from '../roles.js';
import { managesFund } from './fund.js';
import { belongsTo, organisationOf } from './principal.js';

type ReferralParties = Pick<Referral, 'organisationId' | 'referrerOrganisationId' | 'funding'>;

/** Seen without reading anything else: commissioners and admins, the activity's VCSE, the referring link worker. */
const seesDirectly = (principal: Principal, referral: ReferralParties): boolean =>
  hasRole(principal, 'commissioner', 'admin') ||
  (hasRole(principal, 'vcse') && belongsTo(principal, referral.organisationId)) ||
  (hasRole(principal, 'link_worker') && belongsTo(principal, referral.referrerOrganisationId));

/**
 * The fund whose managers decide whether the caller sees this referral, when only that can decide
 * it (a fund manager asking about a funded referral); the route reads it and passes it on.
 */
export const referralFundToCheck = (principal: Principal, referral: ReferralParties | undefined): string | undefined =>
  referral && !seesDirectly(principal, referral) && hasRole(principal, 'fund_manager') ? referral.funding?.fundId : undefined;

/** The referral if the caller may see it, given the fund `referralFundToCheck` named (if any); else 404. */
export const visibleReferralOf = <R extends ReferralParties>(
  principal: Principal,
  referral: R | undefined,
  referralId: string,
  payingFund?: Pick<Fund, 'managerOrganisationId'> | undefined,
): R => {
  const visible =
    referral !== undefined &&
    (seesDirectly(principal, referral) || (referral.funding != null && payingFund !== undefined && managesFund(principal, payingFund)));
  if (!visible) throw new AppError('not_found', `No referral ${referralId}.`);
  return referral;
};

/** Only the VCSE organisation running the activity answers a referral (accepts, declines, records outcomes). */
export const assertMayAnswerReferral = (principal: Principal, referral: ReferralParties): void => {
  if (!(hasRole(principal, 'vcse') && belongsTo(principal, referral.organisationId))) {
    throw new AppError('forbidden', 'Only the organisation running the activity can answer this referral.');
  }
};

/** Only the referring organisation's link workers withdraw a referral. */
export const assertMayWithdrawReferral = (principal: Principal, referral: ReferralParties): void => {
  if (!(hasRole(principal, 'link_worker') && belongsTo(principal, referral.referrerOrganisationId))) {
    throw new AppError('forbidden', 'Only the referring organisation can withdraw a referral.');
  }
};

/**
 * How a new referral is made: a link worker sends one; a VCSE user (who is not also a link worker)
 * logs one its organisation accepted elsewhere.
 */
export const referralCreation = (principal: Principal): 'send' | 'log' =>
  hasRole(principal, 'vcse') && !hasRole(principal, 'link_worker') ? 'log' : 'send';

/** Which referrals a caller's list shows; a fund manager's are those its organisation's funds paid for. */
export type ReferralScope =
  | { readonly by: 'all' }
  | { readonly by: 'managed_funds'; readonly managerOrganisationId: string }
  | { readonly by: 'provider'; readonly organisationId: string }
  | { readonly by: 'referrer'; readonly organisationId: string };

export const referralScope = (principal: Principal): ReferralScope => {
  if (hasRole(principal, 'commissioner', 'admin')) return { by: 'all' };
  if (hasRole(principal, 'fund_manager')) return { by: 'managed_funds', managerOrganisationId: organisationOf(principal) };
  if (hasRole(principal, 'vcse')) return { by: 'provider', organisationId: organisationOf(principal) };
  if (hasRole(principal, 'link_worker')) return { by: 'referrer', organisationId: organisationOf(principal) };
  throw new AppError('forbidden', 'Your role cannot list referrals.');
};
