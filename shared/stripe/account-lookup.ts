// Finding the connected account an earlier, unanswered request made for an organisation, once Stripe may have forgotten its idempotency key.
//
// Stripe prunes idempotency keys once they are at least 24 hours old, so a retry after that would
// create a second account. Stripe cannot filter accounts by metadata; `accounts.list` can filter by
// `created`, newest first, so this walks the accounts created since the first request (less a
// margin for the two clocks) and matches `metadata.organisationId`, which every account this
// platform creates carries (account-setup.ts).
import type Stripe from 'stripe';

/** Taken off the recorded request time: our clock and Stripe's may differ a little; listing a few more accounts costs nothing. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The oldest account created for the organisation since `requestedAt` (epoch ms), if any: the one its first request made. */
export const findAccountOf = async (
  stripe: Stripe,
  organisationId: string,
  requestedAt: number,
  options: Stripe.RequestOptions,
): Promise<string | undefined> => {
  let oldest: string | undefined;
  const created = { gte: Math.floor((requestedAt - CLOCK_SKEW_MS) / 1000) };
  for await (const account of stripe.accounts.list({ created, limit: 100 }, options)) {
    if (account.metadata?.organisationId === organisationId) oldest = account.id;
  }
  return oldest;
};
