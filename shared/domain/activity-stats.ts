// The directory's figures for an activity: how often it accepts referrals and how fast it answers.
export interface ActivityStats {
  readonly referralsReceived: number;
  readonly accepted: number;
  readonly declined: number;
  readonly expired: number;
  readonly withdrawn: number;
  /** Accepted ÷ answered-or-expired, for referrals sent through the platform; null before any. */
  readonly acceptanceRate: number | null;
  /** Median whole hours from sending to accepting or declining; null before any answer. */
  readonly medianResponseHours: number | null;
}

/** Reads the counters kept on an activity's STATS item (see activityStatsUpdate). */
export const activityStats = (counters: Record<string, unknown> | undefined): ActivityStats => {
  const n = (name: string) => Number(counters?.[name] ?? 0);
  const acceptedHere = n('accepted') - n('logged');
  const decided = acceptedHere + n('declined') + n('expired');
  const hours = Object.entries(counters ?? {})
    .filter(([name]) => name.startsWith('rh_'))
    .map(([name, count]) => ({ hour: Number(name.slice(3)), count: Number(count) }))
    .sort((a, b) => a.hour - b.hour);
  return {
    referralsReceived: n('sent'),
    accepted: n('accepted'),
    declined: n('declined'),
    expired: n('expired'),
    withdrawn: n('withdrawn'),
    acceptanceRate: decided > 0 ? Math.round((acceptedHere / decided) * 1000) / 1000 : null,
    medianResponseHours: median(hours),
  };
};

/** The median of a histogram of whole hours (the lower middle value for an even count). */
const median = (buckets: { hour: number; count: number }[]): number | null => {
  const total = buckets.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const bucket of buckets) {
    seen += bucket.count;
    if (seen * 2 >= total) return bucket.hour;
  }
  return null;
};
