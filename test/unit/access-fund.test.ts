// The fund policy: who reaches a fund to read or manage it, and the fund-wide records behind it.
import { describe, expect, it } from 'vitest';
import {
  assertFundRole,
  assertMayReadAudit,
  assertMayReadReports,
  assertMayVerifyAudit,
  managesFund,
  mayReachFund,
  visibleFundOf,
} from '../../shared/domain/access/fund.js';
import { as, outcomeOf as codeOf } from '../support/access.js';

const fund = { id: 'fund_A', managerOrganisationId: 'org_mva' };

describe('Function: assertFundRole', () => {
  it('lets fund managers and commissioners read funds and refuses admins, VCSE and link workers with 403', () => {
    expect((['fund_manager', 'commissioner', 'admin', 'vcse', 'link_worker'] as const).map((r) => codeOf(() => assertFundRole(as(r, 'org_x'), 'read')))).toEqual([
      'allowed',
      'allowed',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
  });

  it('lets only fund managers manage funds', () => {
    expect(codeOf(() => assertFundRole(as('fund_manager', 'org_x'), 'manage'))).toBe('allowed');
    expect(codeOf(() => assertFundRole(as('commissioner'), 'manage'))).toBe('forbidden');
    expect(codeOf(() => assertFundRole(as('admin'), 'manage'))).toBe('forbidden');
  });
});

describe('Function: managesFund', () => {
  it('is true only for a fund manager of the managing organisation', () => {
    expect(managesFund(as('fund_manager', 'org_mva'), fund)).toBe(true);
    expect(managesFund(as('fund_manager', 'org_other'), fund)).toBe(false);
    expect(managesFund(as('vcse', 'org_mva'), fund)).toBe(false);
    expect(managesFund(as('fund_manager'), { managerOrganisationId: undefined as unknown as string })).toBe(false);
  });
});

describe('Function: mayReachFund', () => {
  it('lets commissioners read any fund but manage none, and admins neither', () => {
    expect(mayReachFund(as('commissioner'), fund, 'read')).toBe(true);
    expect(mayReachFund(as('admin'), fund, 'read')).toBe(false);
    expect(mayReachFund(as('commissioner'), fund, 'manage')).toBe(false);
  });

  it('keeps another organisation’s fund out of a fund manager’s reach', () => {
    expect(mayReachFund(as('fund_manager', 'org_other'), fund, 'read')).toBe(false);
    expect(mayReachFund(as('fund_manager', 'org_mva'), fund, 'manage')).toBe(true);
  });
});

describe('Function: visibleFundOf', () => {
  it('returns the fund to its own manager', () => {
    expect(visibleFundOf(as('fund_manager', 'org_mva'), fund, fund.id, 'manage')).toBe(fund);
  });

  it('answers 404 naming the fund for another organisation’s fund manager, and for a fund that does not exist', () => {
    expect(() => visibleFundOf(as('fund_manager', 'org_other'), fund, fund.id, 'read')).toThrow(/No fund fund_A/);
    expect(codeOf(() => visibleFundOf(as('commissioner'), undefined, 'fund_B', 'read'))).toBe('not_found');
  });

  it('refuses a VCSE user with 403 whether or not the fund exists, so nothing is given away', () => {
    expect(codeOf(() => visibleFundOf(as('vcse', 'org_mva'), fund, fund.id, 'read'))).toBe('forbidden');
    expect(codeOf(() => visibleFundOf(as('vcse', 'org_mva'), undefined, 'fund_B', 'read'))).toBe('forbidden');
  });
});

describe('Function: assertMayReadAudit', () => {
  it('opens the audit trail to commissioners and fund managers only', () => {
    expect((['commissioner', 'fund_manager', 'admin', 'vcse', 'link_worker'] as const).map((r) => codeOf(() => assertMayReadAudit(as(r, 'org_x'))))).toEqual([
      'allowed',
      'allowed',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
  });
});

describe('Function: assertMayVerifyAudit', () => {
  it('leaves verification to commissioners, not fund managers or admins', () => {
    expect(codeOf(() => assertMayVerifyAudit(as('commissioner')))).toBe('allowed');
    expect(codeOf(() => assertMayVerifyAudit(as('admin')))).toBe('forbidden');
    expect(codeOf(() => assertMayVerifyAudit(as('fund_manager', 'org_mva')))).toBe('forbidden');
  });
});

describe('Function: assertMayReadReports', () => {
  it('opens reports to fund managers and commissioners and refuses admins, VCSE and link workers', () => {
    expect((['fund_manager', 'commissioner', 'admin', 'vcse', 'link_worker'] as const).map((r) => codeOf(() => assertMayReadReports(as(r, 'org_x'))))).toEqual([
      'allowed',
      'allowed',
      'forbidden',
      'forbidden',
      'forbidden',
    ]);
  });
});
