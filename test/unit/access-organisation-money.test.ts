// The policy for an organisation's money: its own VCSE users, its fund managers (their funds' part), commissioners.
import { describe, expect, it } from 'vitest';
import { organisationMoneyScope } from '../../shared/domain/access/organisation-money.js';
import { as, outcomeOf } from '../support/access.js';

describe('Function: organisationMoneyScope', () => {
  it('shows every fund to the organisation’s own VCSE users and commissioners', () => {
    for (const p of [as('vcse', 'org_vcse'), as('commissioner', 'org_icb')]) {
      expect(organisationMoneyScope(p, 'org_vcse', 'Statements')).toEqual({ funds: 'all' });
    }
  });

  it('shows a fund manager only the funds their own organisation manages', () => {
    expect(organisationMoneyScope(as('fund_manager', 'org_mva'), 'org_vcse', 'Statements')).toEqual({ funds: 'managed', managerOrganisationId: 'org_mva' });
  });

  it('refuses admins (403): they administer organisations, not their money', () => {
    expect(outcomeOf(() => organisationMoneyScope(as('admin'), 'org_vcse', 'Statements'))).toBe('forbidden');
  });

  it('hides the organisation from another VCSE (404) and refuses link workers (403)', () => {
    expect(outcomeOf(() => organisationMoneyScope(as('vcse', 'org_other'), 'org_vcse', 'Statements'))).toBe('not_found');
    expect(outcomeOf(() => organisationMoneyScope(as('link_worker', 'org_gp'), 'org_vcse', 'Statements'))).toBe('forbidden');
  });
});
