// The shapes of the API's answers that pages read (the API's OpenAPI document is the source; fields added by v1.1 are optional here).

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface Referral {
  readonly id: string;
  readonly activityId: string;
  readonly organisationId: string;
  readonly referrerOrganisationId: string;
  readonly referrerOrganisation?: { id: string; name: string | null };
  readonly referrerContact?: { email: string | null; phone: string | null } | null;
  readonly clientRef: string;
  readonly source: string;
  readonly priorityGroup: string | null;
  readonly externalRef: string | null;
  readonly status: 'sent' | 'accepted' | 'declined' | 'withdrawn' | 'expired';
  readonly outcome: string | null;
  readonly declineReason: string | null;
  readonly declineReasonCode?: string | null;
  readonly sentAt: string;
  readonly respondBy: string | null;
  readonly acceptedAt: string | null;
  readonly warnings?: { code: string; detail: string }[];
}

export interface Activity {
  readonly id: string;
  readonly organisationId: string;
  readonly provider?: { name?: string; charityNumber?: string | null };
  readonly name: string;
  readonly category: string;
  readonly description: string | null;
  readonly postcode: string | null;
  readonly when?: string | null;
  readonly where?: string | null;
  readonly contact?: { email: string | null; phone: string | null; url: string | null } | null;
  readonly acceptingReferrals?: boolean;
  readonly notAcceptingReason?: { code: string; detail: string } | null;
  readonly stats: { acceptanceRate: number | null; medianResponseHours: number | null; referralsReceived: number };
}

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly stripeAccountId: string | null;
  readonly payoutsEnabled: boolean;
}

export interface Fund {
  readonly id: string;
  readonly name: string;
  readonly totalPence: number;
  readonly availablePence: number;
  readonly reservedPence: number;
  readonly paidPence: number;
  readonly startsOn: string;
  readonly endsOn: string;
}

export interface Agreement {
  readonly id: string;
  readonly fundId: string;
  readonly organisationId: string;
  readonly activityId: string | null;
  readonly kind: 'block' | 'per_referral';
  readonly capacity: number | null;
  readonly period: string;
  readonly tariffPence: number | null;
  readonly amountPence: number | null;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly currentPeriod: { key: string; used: number; capacity: number | null } | null;
}

export interface RunLine {
  readonly id: string;
  readonly organisationId: string;
  readonly amountPence: number;
  readonly referralCount: number;
  readonly blockInstalmentCount: number;
  readonly repaidCount: number;
  readonly status: 'pending' | 'paid' | 'failed' | 'reversed';
  readonly stripeTransferId: string | null;
  readonly failureCode: string | null;
}

export interface PayoutRun {
  readonly id: string;
  readonly fundId: string;
  readonly status: 'draft' | 'approved' | 'paying' | 'paid' | 'paid_with_failures' | 'discarded';
  readonly through: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly approvedBy: string | null;
  readonly totalPence: number;
  readonly lines?: RunLine[];
  readonly held?: { organisationId: string; amountPence: number; reason: string }[];
  readonly progress: { total: number; paid: number; failed: number };
  readonly balance?: { platformBalancePence: number; coversRun: boolean; warning: string | null } | null;
}

export interface SpendRow {
  readonly key: string;
  readonly acceptedReferrals: number;
  readonly reservedPence: number;
  readonly paidPence: number;
}

export interface CapacityRow {
  readonly agreementId: string;
  readonly organisationId: string;
  readonly periodKey: string;
  readonly capacity: number | null;
  readonly used: number;
}

export interface AuditEvent {
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  /** Who acted, in words: e-mail, role and organisation, or the platform's process (the API names them). */
  readonly actorName: string;
  readonly action: string;
  readonly entityId: string;
}

/** An e-mail GOV.UK Notify could not deliver (`GET /v1/organisations/{id}/undelivered-emails`, `GET /v1/undelivered-emails`). */
export interface UndeliveredEmail {
  readonly organisationId: string;
  readonly email: string;
  readonly kind: string;
  readonly status: 'permanent-failure' | 'temporary-failure' | 'technical-failure';
  readonly sentAt: string;
}
