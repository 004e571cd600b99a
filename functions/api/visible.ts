// Reads an item and asks its access policy (shared/domain/access) whether the caller may have it:
// the one place routes go for a fund, payout run or referral, so no route imports another.
import type { Context } from 'hono';
import { visibleFundOf, assertFundRole, type FundPurpose } from '../../shared/domain/access/fund.js';
import { visibleRunOf } from '../../shared/domain/access/payout-run.js';
import { referralFundToCheck, visibleReferralOf } from '../../shared/domain/access/referral.js';
import { organisationMoneyScope } from '../../shared/domain/access/organisation-money.js';
import { AppError } from '../../shared/domain/errors.js';
import type { Referral } from '../../shared/domain/referral.js';
import type { Principal } from '../../shared/domain/roles.js';
import { getFund, managedFundIds, type StoredFund } from '../../shared/store/funds.js';
import { getOrganisation } from '../../shared/store/organisations.js';
import { getRun, type StoredRun } from '../../shared/store/payout-runs.js';
import { getReferral } from '../../shared/store/referrals.js';
import type { AppEnv } from '../runtime/env.js';

/** The fund if the caller may reach it for `purpose`; a role that never does is refused before the read. */
export const visibleFund = async (c: Context<AppEnv>, principal: Principal, fundId: string, purpose: FundPurpose): Promise<StoredFund> => {
  assertFundRole(principal, purpose);
  return visibleFundOf(principal, await getFund(c.get('deps').store, fundId), fundId, purpose);
};

/** The run if the caller may reach it for `purpose`, judged by its fund. */
export const visibleRun = async (c: Context<AppEnv>, principal: Principal, runId: string, purpose: FundPurpose): Promise<StoredRun> => {
  const { store } = c.get('deps');
  const run = await getRun(store, runId);
  const fund = run ? await getFund(store, run.fundId) : undefined;
  return visibleRunOf(principal, run, fund, runId, purpose);
};

/** The referral if the caller may see it; the paying fund is read only when it alone decides. */
export const visibleReferral = async (c: Context<AppEnv>, principal: Principal, referralId: string) =>
  visibleReadReferral(c, principal, referralId, await getReferral(c.get('deps').store, referralId));

/** The same judgement of a referral already read (acceptance reads it beside the provider's agreements). */
export const visibleReadReferral = async <R extends Referral>(c: Context<AppEnv>, principal: Principal, referralId: string, referral: R | undefined): Promise<R> => {
  const fundId = referralFundToCheck(principal, referral);
  return visibleReferralOf(principal, referral, referralId, fundId ? await getFund(c.get('deps').store, fundId) : undefined);
};

/** The organisation and which funds' part of its money the caller sees (undefined: every fund). */
export const visibleOrganisationMoney = async (c: Context<AppEnv>, principal: Principal, organisationId: string, what: string) => {
  const scope = organisationMoneyScope(principal, organisationId, what);
  const { store } = c.get('deps');
  const organisation = await getOrganisation(store, organisationId);
  if (!organisation) throw new AppError('not_found', `No organisation ${organisationId}.`);
  const fundIds =
    scope.funds === 'all' ? undefined : new Set<string>(scope.managerOrganisationId ? await managedFundIds(store, scope.managerOrganisationId) : []);
  return { organisation, fundIds };
};
