// Referrals and their lifecycle: sent → accepted | declined | withdrawn | expired; outcomes after acceptance.
import { AppError } from './errors.js';
import { wholeHoursBetween } from './periods.js';
import type { DeclineReasonCode, ReferrerContact } from './referral-details.js';

export const REFERRAL_SOURCES = [
  'gp', 'pharmacy', 'mdt', 'hospital_discharge', 'ahp', 'fire', 'police', 'job_centre', 'social_care', 'housing', 'vcse', 'self',
] as const;
export type ReferralSource = (typeof REFERRAL_SOURCES)[number];

export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'withdrawn', 'expired'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export const OUTCOMES = ['attended', 'completed', 'did_not_attend'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface Funding {
  readonly fundId: string;
  readonly agreementId: string;
  readonly agreementKind: 'block' | 'per_referral';
  readonly periodKey: string;
  readonly tariffPence: number;
}

export interface Referral {
  readonly id: string;
  readonly activityId: string;
  /** The VCSE organisation that runs the activity. */
  readonly organisationId: string;
  /** The organisation that sent it; for a referral logged by the VCSE itself, that VCSE. */
  readonly referrerOrganisationId: string;
  readonly clientRef: string;
  readonly source: ReferralSource;
  readonly priorityGroup: string | null;
  readonly pcnOdsCode: string | null;
  readonly snomedCode: string | null;
  readonly externalRef: string | null;
  readonly status: ReferralStatus;
  readonly outcome: Outcome | null;
  readonly declineReason: string | null;
  readonly funding: Funding | null;
  readonly sentAt: string;
  readonly respondBy: string | null;
  readonly respondedAt: string | null;
  readonly acceptedAt: string | null;
  readonly outcomeAt: string | null;
  readonly createdBy: string;
  /** Absent on referrals stored before these existed. */
  readonly referrerOrganisationName?: string | null;
  readonly referrerContact?: ReferrerContact | null;
  readonly declineReasonCode?: DeclineReasonCode | null;
  readonly withdrawReason?: string | null;
}

const NEXT: Record<ReferralStatus, readonly ReferralStatus[]> = {
  sent: ['accepted', 'declined', 'withdrawn', 'expired'],
  accepted: [],
  declined: [],
  withdrawn: [],
  expired: [],
};

export const assertTransition = (referral: Pick<Referral, 'id' | 'status'>, to: ReferralStatus): void => {
  if (!NEXT[referral.status].includes(to)) {
    throw new AppError('invalid_transition', `Referral ${referral.id} is ${referral.status}; it cannot become ${to}.`, {
      context: { from: referral.status, to },
    });
  }
};

export const assertOutcomeAllowed = (referral: Pick<Referral, 'id' | 'status'>): void => {
  if (referral.status !== 'accepted') {
    throw new AppError('invalid_transition', `Referral ${referral.id} is ${referral.status}; outcomes follow acceptance.`);
  }
};

/** Whole hours from sending to answering, for the directory's response-time figures. */
export const responseHours = (sentAt: string, respondedAt: string): number => wholeHoursBetween(sentAt, respondedAt);
