// The payout run policy: who sees a run (everyone who reads its fund) and who acts on it (its managers).
import { describe, expect, it } from 'vitest';
import { visibleRunOf } from '../../shared/domain/access/payout-run.js';
import { as, outcomeOf } from '../support/access.js';

const run = { id: 'run_1', fundId: 'fund_A' };
const fund = { managerOrganisationId: 'org_mva' };

describe('Function: visibleRunOf', () => {
  it('lets the fund’s managers read and act on its run', () => {
    expect(visibleRunOf(as('fund_manager', 'org_mva'), run, fund, 'run_1', 'manage')).toBe(run);
  });

  it('lets commissioners read a run but refuses them acting on it with 403, real or made up', () => {
    expect(outcomeOf(() => visibleRunOf(as('commissioner'), run, fund, 'run_1', 'read'))).toBe('allowed');
    expect(outcomeOf(() => visibleRunOf(as('commissioner'), run, fund, 'run_1', 'manage'))).toBe('forbidden');
    expect(outcomeOf(() => visibleRunOf(as('commissioner'), undefined, undefined, 'run_9', 'manage'))).toBe('forbidden');
  });

  it('refuses admins with 403: runs are not theirs to read', () => {
    expect(outcomeOf(() => visibleRunOf(as('admin'), run, fund, 'run_1', 'read'))).toBe('forbidden');
  });

  it('answers 404 naming the run, not the fund, to another organisation’s fund manager', () => {
    expect(() => visibleRunOf(as('fund_manager', 'org_other'), run, fund, 'run_1', 'read')).toThrow(/No payout run run_1/);
  });

  it('refuses VCSE users with 403 for a real run and a made-up one alike, and answers readers 404 for a missing one', () => {
    expect(outcomeOf(() => visibleRunOf(as('vcse', 'org_mva'), run, fund, 'run_1', 'read'))).toBe('forbidden');
    expect(outcomeOf(() => visibleRunOf(as('vcse', 'org_mva'), undefined, undefined, 'run_9', 'read'))).toBe('forbidden');
    expect(outcomeOf(() => visibleRunOf(as('fund_manager', 'org_mva'), undefined, undefined, 'run_9', 'manage'))).toBe('not_found');
    expect(outcomeOf(() => visibleRunOf(as('commissioner'), run, undefined, 'run_1', 'read'))).toBe('not_found');
  });
});
