// Who may see and act on a payout run: everyone who may read its fund sees it; only the fund's own
// managers draft, approve and retry.
import { AppError } from '../errors.js';
import type { Fund } from '../fund.js';
import { type Principal } from '../roles.js';
import { assertFundRole, managesFund, mayReachFund, type FundPurpose } from './fund.js';

/** The run (as read, or undefined) if the caller may reach it for `purpose`, given its fund as read; else 403 or 404. */
export const visibleRunOf = <R>(
  principal: Principal,
  run: R | undefined,
  fund: Pick<Fund, 'managerOrganisationId'> | undefined,
  runId: string,
  purpose: FundPurpose,
): R => {
  // The role first, so that a role that never reads (or acts on) runs gets the same 403 for a real
  // run and a made-up one: the answer says nothing about which ids exist.
  assertFundRole(principal, purpose);
  // The fund's own "not found" would name the fund; a run the caller cannot see names the run.
  if (run === undefined || !fund || !mayReachFund(principal, fund, 'read')) throw new AppError('not_found', `No payout run ${runId}.`);
  // Visible to commissioners and admins, but only the fund's own managers act on it.
  if (purpose === 'manage' && !managesFund(principal, fund)) {
    throw new AppError('forbidden', 'Only the fund’s own fund managers act on its payout runs.');
  }
  return run;
};
