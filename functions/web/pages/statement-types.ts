// The statement's shape as the API answers it (GET /v1/organisations/{id}/statement; the OpenAPI document is the source).

export interface StatementTotals {
  readonly earnedPence: number;
  readonly earnedDuePence: number;
  readonly earnedInPaymentPence: number;
  readonly earnedNotYetDuePence: number;
  readonly heldPence: number;
  readonly paidPence: number;
  readonly reversedPence: number;
}

export interface StatementEntry {
  readonly payableId: string;
  readonly kind: 'referral' | 'instalment' | 'returned';
  readonly referralId: string | null;
  /** The referrer's pseudonymous reference and when it was accepted: what a treasurer knows a referral by. */
  readonly clientRef: string | null;
  readonly acceptedAt: string | null;
  readonly agreementId: string | null;
  readonly periodKey: string | null;
  readonly payableOn: string;
  readonly amountPence: number;
  readonly state: 'not_yet_due' | 'due' | 'held' | 'in_payment' | 'paid' | 'reversed';
  readonly holdReason: string | null;
  readonly runId: string | null;
}

export interface StatementPaid {
  readonly runId: string;
  readonly lineId: string;
  readonly paidAt: string;
  readonly amountPence: number;
  readonly reversedPence: number;
  readonly stripeTransferId: string | null;
  /** The connected account's payout that carried the transfer to the bank, once Stripe reports it. */
  readonly stripePayoutId: string | null;
  readonly payoutArrivalDate: string | null;
  readonly paidFor: readonly StatementEntry[];
}

export interface StatementFund {
  readonly fundId: string;
  readonly fundName: string;
  readonly acceptedReferrals: number;
  readonly totals: StatementTotals;
  readonly held: readonly { reason: string; detail: string; amountPence: number }[];
  readonly earned: readonly StatementEntry[];
  readonly returned: readonly StatementEntry[];
  readonly paid: readonly StatementPaid[];
  readonly reversed: readonly { runId: string; lineId: string; reversedAt: string; amountPence: number; stripeTransferId: string | null }[];
}

export interface Statement {
  readonly organisationId: string;
  readonly organisationName: string;
  readonly asAt: string;
  readonly from: string | null;
  readonly to: string | null;
  readonly totals: StatementTotals;
  readonly funds: readonly StatementFund[];
}
