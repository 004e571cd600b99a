// How a VCSE's connected account is set up: its service agreement and the capabilities requested (see docs/stripe.md).
//
// Stripe refuses an account that requests `transfers` without `card_payments` under the full
// service agreement unless the platform has Stripe's prior approval. The three setups Stripe
// documents for a platform that only sends money:
//   recipient             — the recipient service agreement, `transfers` only. No card processing,
//                           less to collect at onboarding; transfers reach the account's balance
//                           24 hours later than under the full agreement. The default.
//   full_card_payments    — the full agreement, `card_payments` and `transfers`: more onboarding
//                           questions (business URL, MCC) for a capability VCSEs never use, and
//                           both capabilities must be active for either to work.
//   full_transfers_only   — the full agreement with `transfers` only, for a platform Stripe has
//                           approved for exactly that (Stripe refuses it otherwise).
import type Stripe from 'stripe';

export const ACCOUNT_SETUPS = ['recipient', 'full_card_payments', 'full_transfers_only'] as const;
export type AccountSetup = (typeof ACCOUNT_SETUPS)[number];
export const DEFAULT_ACCOUNT_SETUP: AccountSetup = 'recipient';

/** Extra time before a transfer can be paid out of the account, by setup (Stripe's recipient rule). */
export const EXTRA_AVAILABILITY_HOURS: Record<AccountSetup, number> = {
  recipient: 24,
  full_card_payments: 0,
  full_transfers_only: 0,
};

/** The `accounts.create` parameters that follow from the setup; the rest is the same for all three. */
export const accountCreateParams = (setup: AccountSetup, organisationId: string): Stripe.AccountCreateParams => ({
  country: 'GB',
  capabilities:
    setup === 'full_card_payments'
      ? { card_payments: { requested: true }, transfers: { requested: true } }
      : { transfers: { requested: true } },
  ...(setup === 'recipient' ? { tos_acceptance: { service_agreement: 'recipient' } } : {}),
  // Stripe's replacement for `type: 'express'`: Express dashboard, platform pays fees and owns losses.
  // The recipient agreement needs exactly this: the platform liable for losses, no full Dashboard.
  controller: {
    stripe_dashboard: { type: 'express' },
    fees: { payer: 'application' },
    losses: { payments: 'application' },
  },
  metadata: { organisationId },
});
