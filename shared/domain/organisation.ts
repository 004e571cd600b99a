// Organisations (VCSE providers, referrers, fund managers, commissioners) and their activities.
export const ORGANISATION_KINDS = ['vcse', 'referrer', 'fund_manager', 'commissioner'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly charityNumber: string | null;
  readonly companyNumber: string | null;
  readonly odsCode: string | null;
  readonly stripeAccountId: string | null;
  readonly payoutsEnabled: boolean;
  /** Stripe's `capabilities.transfers` for the connected account; only `active` can receive a transfer. */
  readonly transfersCapability: string | null;
  readonly createdAt: string;
}

export const ACTIVITY_CATEGORIES = [
  'physical_activity',
  'weight_management',
  'falls_prevention',
  'stop_smoking',
  'arts',
  'gardening',
  'befriending',
  'volunteering',
  'group_learning',
  'benefits_and_debt_advice',
  'housing',
  'mental_health_support',
  'carers_support',
  'home_safety',
  'other',
] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export interface Activity {
  readonly id: string;
  readonly organisationId: string;
  readonly name: string;
  readonly category: ActivityCategory;
  readonly description: string | null;
  readonly postcode: string | null;
  readonly createdAt: string;
}
