// Funds: a fixed pot whose every penny is available, reserved or paid, and never negative.
export interface Fund {
  readonly id: string;
  readonly name: string;
  readonly managerOrganisationId: string;
  readonly totalPence: number;
  readonly availablePence: number;
  readonly reservedPence: number;
  readonly paidPence: number;
  readonly startsOn: string;
  readonly endsOn: string;
  /** Days a referral may wait for an answer before it expires (Joy's two weeks by default). */
  readonly responseDeadlineDays: number;
  readonly createdAt: string;
  readonly createdBy: string;
}

export const DEFAULT_RESPONSE_DEADLINE_DAYS = 14;
