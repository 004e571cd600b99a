// The agreement policy: fund-side roles see a fund's agreements, a VCSE only its own.
import { describe, expect, it } from 'vitest';
import { agreementScope } from '../../shared/domain/access/agreement.js';
import { as, outcomeOf } from '../support/access.js';

describe('Function: agreementScope', () => {
  it('shows fund managers and commissioners every agreement of a fund they may read', () => {
    expect([as('fund_manager', 'org_mva'), as('commissioner')].map(agreementScope)).toEqual([{ by: 'fund' }, { by: 'fund' }]);
  });

  it('refuses admins with 403: agreements are not theirs to read', () => {
    expect(outcomeOf(() => agreementScope(as('admin')))).toBe('forbidden');
  });

  it('shows a VCSE user only its own organisation’s agreements', () => {
    expect(agreementScope(as('vcse', 'org_vcse'))).toEqual({ by: 'organisation', organisationId: 'org_vcse' });
  });

  it('refuses link workers, and a VCSE user with no organisation, with 403', () => {
    expect(outcomeOf(() => agreementScope(as('link_worker', 'org_gp')))).toBe('forbidden');
    expect(outcomeOf(() => agreementScope(as('vcse')))).toBe('forbidden');
  });
});
