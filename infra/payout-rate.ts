// The transfer rate the payout worker is configured for, per Stripe mode, from Stripe's published limits less a margin.
//
// Stripe's rate limiter (docs.stripe.com/rate-limits): a global limit per account of 100 requests a
// second in live mode and 25 in test mode (sandboxes), and a default limit of 25 a second on each
// individual endpoint, so POST /v1/transfers is held to 25 a second in live mode too. The worker
// takes 80% of the tighter of the two; the other 20% is left for what shares the account's limits
// while a run is paid: the webhook's account re-reads (account.updated), onboarding's account and
// link creation, and the worker's own transfer look-ups after an unanswered attempt.

export const STRIPE_MODES = ['test', 'live'] as const;
export type StripeMode = (typeof STRIPE_MODES)[number];

/** Requests a second, from Stripe's rate limits page. */
export const STRIPE_LIMITS = {
  test: { global: 25, endpoint: 25 },
  live: { global: 100, endpoint: 25 },
} as const satisfies Record<StripeMode, { readonly global: number; readonly endpoint: number }>;

/** The share of the limit the payout worker may use. */
export const PAYOUT_SHARE = 0.8;

/** Payout workers running at once: the SQS event source's maximum concurrency (2 is its minimum). */
export const PAYOUT_WORKERS = 2;

/** Transfers a second across all workers: 20 in both modes, since the transfers endpoint's own limit binds. */
export const payoutRate = (mode: StripeMode): number => {
  const limit = STRIPE_LIMITS[mode];
  return Math.floor(Math.min(limit.global, limit.endpoint) * PAYOUT_SHARE);
};

/** What each worker's pacer is set to (PAYOUT_TRANSFERS_PER_SECOND), so all of them together keep to payoutRate. */
export const transfersPerSecondPerWorker = (mode: StripeMode): number => payoutRate(mode) / PAYOUT_WORKERS;
