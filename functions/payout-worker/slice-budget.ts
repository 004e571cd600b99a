// How much of a run one SQS message pays: what fits in the worker's remaining time, less one line's worst case.
import type { RemainingTime } from '../runtime/deadlines.js';
import type { SliceLimit } from './pay-run.js';

/**
 * Kept back from the Lambda's remaining time when the slice stops starting lines: one line already
 * in flight may still need Stripe's whole per-attempt timeout (20 s, shared/stripe/gateway.ts), and
 * then the slice re-reads the run's lines, applies pending report moves, settles the run and sends
 * its continuation (5 s is generous for those few DynamoDB and SQS calls).
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
