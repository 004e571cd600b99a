// How long one Stripe call may take under a deadline: the SDK's per-request timeout and network retries, chosen so that every attempt and wait ends in time.
//
// stripe-node retries a network error, a 409 or a 5xx under the same idempotency key, waiting
// between attempts (0.5 s, 0.5 s, 1 s, 2 s, … at most 5 s, jitter only shortening them), and gives
// each attempt `timeout` ms of socket inactivity. A closed connection (ECONNRESET, EPIPE) is retried
// once even with retries set to 0. So a call with `r` retries and timeout `t` ends, at worst, after
//
//   attempts(r) × t + waits(r)      attempts(r) = max(r, 1) + 1
//
// The plan below picks the most retries that still leave each attempt PREFERRED_ATTEMPT_MS, fewer
// when time is short, and refuses to start a call that could not have MIN_ATTEMPT_MS for one attempt.
//
//   deadline ──(less MARGIN_MS, kept to record the outcome)──▶ budget
//   budget < attempts(0) × MIN_ATTEMPT_MS + waits(0) ──▶ too late: nothing is sent
//   else, r from the configured retries down to 0: the first r whose t ≥ PREFERRED_ATTEMPT_MS (or r = 0)

export const CALL_BUDGET = {
  /** Kept back from the deadline: the caller still records what Stripe answered (a line's write, an account link). */
  marginMs: 1_000,
  /** The shortest attempt worth starting: below it, even a healthy Stripe would often not answer in time. */
  minAttemptMs: 1_000,
  /** Retries are given up, one at a time, before an attempt would get less than this. */
  preferredAttemptMs: 5_000,
  /** stripe-node's own waits between network retries (INITIAL_/MAX_NETWORK_RETRY_DELAY_SEC in stripe.core.js). */
  sdkInitialRetryDelayMs: 500,
  sdkMaxRetryDelayMs: 5_000,
} as const;

/** What the SDK is told for one call: its RequestOptions `timeout` and `maxNetworkRetries`. */
export interface CallPlan {
  readonly timeoutMs: number;
  readonly maxNetworkRetries: number;
}

export type CallBudget =
  | ({ readonly kind: 'go'; /** Epoch ms by which every attempt and wait of the plan has ended. */ readonly endsBy: number } & CallPlan)
  | { readonly kind: 'too_late'; /** What was left of the deadline when the call was asked for. */ readonly remainingMs: number };

/** Attempts the SDK may make with `retries` network retries (the closed-connection retry included). */
export const sdkAttempts = (retries: number): number => Math.max(retries, 1) + 1;

/** The longest the SDK waits before retry number `n + 1` (n = retries made so far, from 0). */
export const sdkWaitMaxMs = (n: number): number =>
  Math.max(CALL_BUDGET.sdkInitialRetryDelayMs, Math.min(CALL_BUDGET.sdkInitialRetryDelayMs * 2 ** (n - 1), CALL_BUDGET.sdkMaxRetryDelayMs));

/** The longest all waits of a call with `retries` network retries can add up to. */
const sdkWaitsMaxMs = (retries: number): number => {
  let total = 0;
  for (let n = 0; n < sdkAttempts(retries) - 1; n += 1) total += sdkWaitMaxMs(n);
  return total;
};

/** The longest a call can take with this plan: every attempt timing out and every wait at its longest. */
export const worstCaseMs = (plan: CallPlan): number => sdkAttempts(plan.maxNetworkRetries) * plan.timeoutMs + sdkWaitsMaxMs(plan.maxNetworkRetries);

/**
 * The plan for a call asked for at `now` under a deadline at `deadlineAt` (epoch ms), given the
 * gateway's configured timeout and retries (what a call without a deadline gets).
 */
export const callBudget = (deadlineAt: number, now: number, configured: CallPlan): CallBudget => {
  const remainingMs = deadlineAt - now;
  const budgetMs = remainingMs - CALL_BUDGET.marginMs;
  for (let retries = configured.maxNetworkRetries; retries >= 0; retries -= 1) {
    // Whole milliseconds: the SDK ignores a timeout that is not an integer (and treats 0 as "use the default").
    const timeoutMs = Math.min(configured.timeoutMs, Math.floor((budgetMs - sdkWaitsMaxMs(retries)) / sdkAttempts(retries)));
    if (timeoutMs >= CALL_BUDGET.preferredAttemptMs || timeoutMs === configured.timeoutMs || (retries === 0 && timeoutMs >= CALL_BUDGET.minAttemptMs)) {
      const plan = { timeoutMs, maxNetworkRetries: retries };
      return { kind: 'go', ...plan, endsBy: now + worstCaseMs(plan) };
    }
  }
  return { kind: 'too_late', remainingMs };
};
