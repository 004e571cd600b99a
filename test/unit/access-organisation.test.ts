// The organisation policy: who sees an organisation, who onboards it to Stripe, which kinds publish or hold funds.
import { describe, expect, it } from 'vitest';
import {
  assertMayHoldFunds,
  assertMayOnboard,
  assertMayPublishActivities,
  visibleOrganisationOf,
} from '../../shared/domain/access/organisation.js';
import { belongsTo, organisationOf } from '../../shared/domain/access/principal.js';
import { as, outcomeOf } from '../support/access.js';

const vcse = { id: 'org_vcse', kind: 'vcse' as const };
const mva = { id: 'org_mva', kind: 'fund_manager' as const };

describe('Function: visibleOrganisationOf', () => {
  it('shows an organisation to its members and to admins, fund managers and commissioners', () => {
    const callers = [as('vcse', 'org_vcse'), as('admin'), as('fund_manager', 'org_mva'), as('commissioner')];
    expect(callers.map((p) => outcomeOf(() => visibleOrganisationOf(p, vcse, vcse.id)))).toEqual(['allowed', 'allowed', 'allowed', 'allowed']);
  });

  it('answers 404 to another VCSE or link worker, and when there is no such organisation', () => {
    expect(outcomeOf(() => visibleOrganisationOf(as('vcse', 'org_other'), vcse, vcse.id))).toBe('not_found');
    expect(outcomeOf(() => visibleOrganisationOf(as('link_worker', 'org_gp'), vcse, vcse.id))).toBe('not_found');
    expect(() => visibleOrganisationOf(as('admin'), undefined, 'org_9')).toThrow(/No organisation org_9/);
  });
});

describe('Function: assertMayOnboard', () => {
  it('lets the organisation’s own VCSE user onboard it', () => {
    expect(assertMayOnboard(as('vcse', 'org_vcse'), vcse, vcse.id)).toBe(vcse);
  });

  it('answers another VCSE 404, as for an organisation that does not exist', () => {
    expect(outcomeOf(() => assertMayOnboard(as('vcse', 'org_other'), vcse, vcse.id))).toBe('not_found');
    expect(outcomeOf(() => assertMayOnboard(as('vcse', 'org_other'), undefined, 'org_9'))).toBe('not_found');
  });

  it('refuses a role that never onboards with 403, for a real organisation and a made-up one alike', () => {
    for (const role of ['admin', 'commissioner', 'fund_manager'] as const) {
      expect([outcomeOf(() => assertMayOnboard(as(role, 'org_x'), vcse, vcse.id)), outcomeOf(() => assertMayOnboard(as(role, 'org_x'), undefined, 'org_9'))]).toEqual(['forbidden', 'forbidden']);
    }
  });

  it('refuses with 403 a member without the VCSE role, and an organisation that is not a VCSE', () => {
    expect(outcomeOf(() => assertMayOnboard(as('link_worker', 'org_vcse'), vcse, vcse.id))).toBe('forbidden');
    expect(outcomeOf(() => assertMayOnboard(as('vcse', 'org_mva'), mva, mva.id))).toBe('forbidden');
  });
});

describe('Function: assertMayPublishActivities', () => {
  it('lets only a VCSE organisation publish activities', () => {
    expect(outcomeOf(() => assertMayPublishActivities(vcse))).toBe('allowed');
    expect(outcomeOf(() => assertMayPublishActivities(mva))).toBe('forbidden');
    expect(outcomeOf(() => assertMayPublishActivities(undefined))).toBe('forbidden');
  });
});

describe('Function: assertMayHoldFunds', () => {
  it('lets only a fund-managing organisation hold a fund', () => {
    expect(outcomeOf(() => assertMayHoldFunds(mva))).toBe('allowed');
    expect(outcomeOf(() => assertMayHoldFunds(vcse))).toBe('forbidden');
  });
});

describe('Function: organisationOf and belongsTo', () => {
  it('refuses with 403 a user with no organisation, who belongs to none', () => {
    expect(organisationOf(as('vcse', 'org_vcse'))).toBe('org_vcse');
    expect(outcomeOf(() => organisationOf(as('vcse')))).toBe('forbidden');
    expect(belongsTo(as('vcse'), undefined)).toBe(false);
    expect(belongsTo(as('vcse', 'org_vcse'), 'org_vcse')).toBe(true);
  });
});
