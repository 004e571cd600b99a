// Who may see and act on a fund, and on the records read through it (audit trail, reports, exports).
//
// A role that never acts on funds is refused as such (403); a fund of another organisation that the
// role could otherwise see stays unseen (404), so its existence is not given away.
//
// Admins administer organisations and their members; they are given no view of money: funds,
// agreements, payout runs, reports, the audit trail and exports are for fund managers and
// commissioners, as the contract names them.
import { AppError } from '../errors.js';
import type { Fund } from '../fund.js';
import { hasRole, type Principal } from '../roles.js';
import { belongsTo } from './principal.js';

export const FUND_PURPOSES = ['read', 'manage'] as const;
export type FundPurpose = (typeof FUND_PURPOSES)[number];

type FundOwner = Pick<Fund, 'managerOrganisationId'>;

/** Refuses (403) a role that never reads (or manages) funds; checked before the fund is read. */
export const assertFundRole = (principal: Principal, purpose: FundPurpose): void => {
  if (!hasRole(principal, 'fund_manager', ...(purpose === 'read' ? (['commissioner'] as const) : []))) {
    throw new AppError('forbidden', purpose === 'read' ? 'Funds are for fund managers and commissioners.' : 'Only fund managers manage funds.');
  }
};

/** Whether the caller manages this fund: a fund manager of its managing organisation. */
export const managesFund = (principal: Principal, fund: FundOwner): boolean =>
  hasRole(principal, 'fund_manager') && belongsTo(principal, fund.managerOrganisationId);

/** Whether the caller may reach this fund for `purpose`: its managers always; commissioners to read. */
export const mayReachFund = (principal: Principal, fund: FundOwner, purpose: FundPurpose): boolean =>
  managesFund(principal, fund) || (purpose === 'read' && hasRole(principal, 'commissioner'));

/** The fund (as read, or undefined if there is none) if the caller may reach it for `purpose`; else 403 or 404. */
export const visibleFundOf = <F extends FundOwner>(principal: Principal, fund: F | undefined, fundId: string, purpose: FundPurpose): F => {
  assertFundRole(principal, purpose);
  if (!fund || !mayReachFund(principal, fund, purpose)) throw new AppError('not_found', `No fund ${fundId}.`);
  return fund;
};

/** The audit trail is for commissioners and fund managers. */
export const assertMayReadAudit = (principal: Principal): void => {
  if (!hasRole(principal, 'commissioner', 'fund_manager')) throw new AppError('forbidden', 'The audit trail is for commissioners and fund managers.');
};

/** Verifying the chains is the commissioners' check. */
export const assertMayVerifyAudit = (principal: Principal): void => {
  if (!hasRole(principal, 'commissioner')) throw new AppError('forbidden', 'Verification is for commissioners.');
};

/** Fund-wide reports are for the fund's managers and commissioners; everyone else is refused. */
export const assertMayReadReports = (principal: Principal): void => {
  if (!hasRole(principal, 'fund_manager', 'commissioner')) throw new AppError('forbidden', 'Reports are for fund managers and commissioners.');
};
