import { describe, expect, it } from 'vitest';
import { activityStats } from '../../shared/domain/activity-stats.js';

describe('Function: activityStats', () => {
  it('has no rate or median before any referral is answered', () => {
    expect(activityStats(undefined)).toMatchObject({ referralsReceived: 0, acceptanceRate: null, medianResponseHours: null });
  });

  it('rates acceptances among referrals decided through the platform, leaving out logged ones', () => {
    const stats = activityStats({ sent: 10, accepted: 5, logged: 2, declined: 2, expired: 1, rh_3: 2, rh_30: 2, rh_100: 1 });
    // 3 accepted here of 6 decided (3 accepted + 2 declined + 1 expired).
    expect(stats.acceptanceRate).toBe(0.5);
    expect(stats.medianResponseHours).toBe(30);
  });
});
