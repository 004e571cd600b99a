// The referral policy: who sees a referral, who answers or withdraws it, who lists which, who logs.
import { describe, expect, it } from 'vitest';
import {
  assertMayAnswerReferral,
  assertMayWithdrawReferral,
  referralCreation,
  referralFundToCheck,
  referralScope,
  visibleReferralOf,
} from '../../shared/domain/access/referral.js';
import type { Principal } from '../../shared/domain/roles.js';
import { as, outcomeOf } from '../support/access.js';

const funding = { fundId: 'fund_A', agreementId: 'agr_A', agreementKind: 'per_referral' as const, periodKey: '2026-11', tariffPence: 3_500 };
const referral = { id: 'ref_1', organisationId: 'org_vcse', referrerOrganisationId: 'org_gp', funding };
const unfunded = { ...referral, funding: null };
const mvaFund = { managerOrganisationId: 'org_mva' };

describe('Function: referralFundToCheck', () => {
  it('names the paying fund only for a fund manager, who can see the referral through nothing else', () => {
    expect(referralFundToCheck(as('fund_manager', 'org_mva'), referral)).toBe('fund_A');
    expect(referralFundToCheck(as('fund_manager', 'org_mva'), unfunded)).toBeUndefined();
    expect(referralFundToCheck(as('commissioner'), referral)).toBeUndefined();
    expect(referralFundToCheck(as('vcse', 'org_vcse'), referral)).toBeUndefined();
    expect(referralFundToCheck(as('fund_manager', 'org_mva'), undefined)).toBeUndefined();
  });
});

describe('Function: visibleReferralOf', () => {
  it('shows a referral to its VCSE, its referrer, commissioners and admins', () => {
    const seen = [as('vcse', 'org_vcse'), as('link_worker', 'org_gp'), as('commissioner'), as('admin')].map((p) => outcomeOf(() => visibleReferralOf(p, referral, 'ref_1')));
    expect(seen).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
  });

  it('answers 404 to another VCSE, another referrer, and a VCSE user holding the referrer’s organisation', () => {
    const others: Principal[] = [as('vcse', 'org_other'), as('link_worker', 'org_other'), as('vcse', 'org_gp')];
    expect(others.map((p) => outcomeOf(() => visibleReferralOf(p, referral, 'ref_1')))).toEqual(['not_found', 'not_found', 'not_found']);
  });

  it('shows a funded referral to the managers of the paying fund and to no other fund manager', () => {
    expect(visibleReferralOf(as('fund_manager', 'org_mva'), referral, 'ref_1', mvaFund)).toBe(referral);
    expect(outcomeOf(() => visibleReferralOf(as('fund_manager', 'org_other'), referral, 'ref_1', mvaFund))).toBe('not_found');
    expect(outcomeOf(() => visibleReferralOf(as('fund_manager', 'org_mva'), unfunded, 'ref_1', mvaFund))).toBe('not_found');
  });

  it('answers 404 naming the referral when there is none', () => {
    expect(() => visibleReferralOf(as('admin'), undefined, 'ref_9')).toThrow(/No referral ref_9/);
  });
});

describe('Function: assertMayAnswerReferral', () => {
  it('lets only the activity’s VCSE answer, refusing its referrer and commissioners with 403', () => {
    expect(outcomeOf(() => assertMayAnswerReferral(as('vcse', 'org_vcse'), referral))).toBe('allowed');
    expect(outcomeOf(() => assertMayAnswerReferral(as('link_worker', 'org_gp'), referral))).toBe('forbidden');
    expect(outcomeOf(() => assertMayAnswerReferral(as('commissioner'), referral))).toBe('forbidden');
  });
});

describe('Function: assertMayWithdrawReferral', () => {
  it('lets only the referring link workers withdraw', () => {
    expect(outcomeOf(() => assertMayWithdrawReferral(as('link_worker', 'org_gp'), referral))).toBe('allowed');
    expect(outcomeOf(() => assertMayWithdrawReferral(as('vcse', 'org_vcse'), referral))).toBe('forbidden');
    expect(outcomeOf(() => assertMayWithdrawReferral(as('link_worker', 'org_other'), referral))).toBe('forbidden');
  });
});

describe('Function: referralCreation', () => {
  it('sends for a link worker and logs for a VCSE user who is not also a link worker', () => {
    expect(referralCreation(as('link_worker', 'org_gp'))).toBe('send');
    expect(referralCreation(as('vcse', 'org_vcse'))).toBe('log');
    expect(referralCreation({ sub: 'both', roles: ['vcse', 'link_worker'], organisationId: 'org_vcse' })).toBe('send');
  });
});

describe('Function: referralScope', () => {
  it('lists everything for commissioners and admins, and by organisation for everyone else', () => {
    expect(referralScope(as('commissioner'))).toEqual({ by: 'all' });
    expect(referralScope(as('admin'))).toEqual({ by: 'all' });
    expect(referralScope(as('fund_manager', 'org_mva'))).toEqual({ by: 'managed_funds', managerOrganisationId: 'org_mva' });
    expect(referralScope(as('vcse', 'org_vcse'))).toEqual({ by: 'provider', organisationId: 'org_vcse' });
    expect(referralScope(as('link_worker', 'org_gp'))).toEqual({ by: 'referrer', organisationId: 'org_gp' });
  });

  it('refuses with 403 a user with no organisation or no role that lists referrals', () => {
    expect(outcomeOf(() => referralScope(as('vcse')))).toBe('forbidden');
    expect(outcomeOf(() => referralScope({ sub: 'nobody', roles: [], organisationId: 'org_x' }))).toBe('forbidden');
  });
});
