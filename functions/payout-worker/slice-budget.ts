// How much of a run one SQS message pays: what fits in the worker's remaining time, less one line's worst case.
import type { RemainingTime } from '../runtime/deadlines.js';
import type { SliceLimit } from './pay-run.js';

/**
 * Kept back from the Lambda's remaining time when the slice stops starting lines. A line already in
 * flight ends by the invocation's deadline whatever Stripe does (shared/stripe/call-budget.ts plans
 * each call from the time left), but the more time it has the more of Stripe's own retries fit (22 s
 * gives 2 retries of 6.7 s), so fewer lines end failed on a slow Stripe; then the slice re-reads the
 * run's lines, applies pending report moves, settles the run and sends its continuation.
 */
export const SLICE_MARGIN_MS = 25_000;

export interface SliceOptions {
  /** Test seam and operator's cap: at most this many lines per slice. */
  readonly maxLines?: number;
  readonly marginMs?: number;
}

/** A slice ends `marginMs` before the Lambda would time out, and after `maxLines` lines if given. */
export const sliceLimit = (context: RemainingTime, now: number, options: SliceOptions = {}): SliceLimit => ({
  stopAt: now + context.getRemainingTimeInMillis() - (options.marginMs ?? SLICE_MARGIN_MS),
  maxLines: options.maxLines ?? Number.POSITIVE_INFINITY,
});
