// Whether an activity can take a funded referral now, and if not, why: shared by the directory and by sending.
import { candidateAgreements, hasRoom, type Agreement } from './agreement.js';
import type { ActivityStatus } from './activity.js';
import { formatMoney } from './format.js';

/** Why an activity cannot take a funded referral; the same codes are a referral's warnings. */
export const UNAVAILABLE_REASONS = ['activity_paused', 'activity_closed', 'no_agreement', 'capacity_exhausted', 'fund_exhausted'] as const;
export type UnavailableReason = (typeof UNAVAILABLE_REASONS)[number];

export interface Unavailable {
  readonly code: UnavailableReason;
  readonly detail: string;
}

export interface FundingPicture {
  /** The VCSE organisation's agreements (all of them; those not covering the activity are ignored). */
  readonly agreements: readonly Agreement[];
  /** Accepted referrals counted this period, by agreement id (absent means none). */
  readonly used: ReadonlyMap<string, number>;
  /** Each fund's available pence, by fund id. */
  readonly fundAvailable: ReadonlyMap<string, number>;
  /** Each fund's days to answer a referral, by fund id, where the fund sets its own. */
  readonly responseDeadlineDays: ReadonlyMap<string, number>;
}

/**
 * The first reason a referral to this activity, accepted today, would not be funded, or undefined
 * when it would be. Mirrors acceptance's choice: an agreement with room this period, and for a
 * per-referral tariff a fund that can still cover it. It is a forecast, not a promise: acceptance
 * decides again under its own conditions.
 */
export const unavailableReason = (
  activity: { readonly id: string; readonly status: ActivityStatus },
  today: string,
  picture: FundingPicture,
): Unavailable | undefined => {
  if (activity.status === 'closed') return { code: 'activity_closed', detail: 'This activity has closed and takes no new referrals.' };
  if (activity.status === 'paused') return { code: 'activity_paused', detail: 'This activity is paused: the organisation may be slow to answer.' };
  const candidates = candidateAgreements(picture.agreements, activity.id, today);
  if (candidates.length === 0) {
    return { code: 'no_agreement', detail: 'No fund has an agreement covering this activity today, so an acceptance would not be paid for.' };
  }
  let shortTariff: number | undefined;
  for (const agreement of candidates) {
    if (!hasRoom(agreement, picture.used.get(agreement.id) ?? 0)) continue;
    if (agreement.kind === 'block') return undefined;
    const tariff = agreement.tariffPence ?? 0;
    if ((picture.fundAvailable.get(agreement.fundId) ?? 0) >= tariff) return undefined;
    shortTariff ??= tariff;
  }
  if (shortTariff !== undefined) {
    return { code: 'fund_exhausted', detail: `The fund has less than the ${formatMoney(shortTariff)} tariff left, so an acceptance would not be paid for.` };
  }
  return { code: 'capacity_exhausted', detail: 'Every agreement covering this activity has used its capacity for this period.' };
};
