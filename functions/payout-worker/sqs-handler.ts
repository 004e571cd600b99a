// The SQS side of the payout worker: each message pays one slice of one shard of a run and queues the rest.
//
//   approval { runId } ──fan out──▶ { runId, shard: 1..n-1, of: n } queued; this message pays shard 0 of n
//   { runId, shard, of } ──▶ paySlice (until the slice's limit) ──▶ shard's lines left? ──yes, some settled──▶ queue the same message again
//                                                                         │ no                                 (this message succeeds)
//                                                                         ▼
//                                                           done; the last shard settles the run
//
// n is the number of workers that may run at once, each paced at its share of the transfer rate,
// so one run uses the whole configured rate. A slice that settled nothing (every pending line held
// by another worker, or refused a write) reports its message failed instead, so SQS's redelivery
// (and, if that never helps, the dead-letter queue) takes over rather than an endless chain.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { AppError } from '../../shared/domain/errors.js';
import { withDeadline } from '../../shared/store/client.js';
import { lambdaDeadline, type RemainingTime } from '../runtime/deadlines.js';
import { paySlice, WHOLE_RUN, type PayoutWorkerDeps } from './pay-run.js';
import { WHOLE, type Shard } from './shards.js';
import { sliceLimit, type SliceOptions } from './slice-budget.js';

const RUN_ID = /^run_[0-9A-HJKMNP-TV-Z]{26}$/;
const Message = z.object({
  runId: z.string().check(z.regex(RUN_ID)),
  shard: z.optional(z.object({ index: z.int().check(z.nonnegative()), of: z.int().check(z.positive()) })),
});
export type SliceMessage = z.infer<typeof Message>;

/** Where the worker puts the messages it sends itself: the payout queue in AWS, a stand-in in tests. */
export interface ContinuationQueue {
  send(message: SliceMessage): Promise<void>;
}

export interface WorkerHandlerOptions {
  /** Where the rest of a run goes after a slice; without it the message itself comes back. */
  readonly continuation?: ContinuationQueue | undefined;
  /** Workers that may run at once: an approval message fans a run out into this many shards. */
  readonly shards?: number;
  readonly slice?: SliceOptions;
}


export const createWorkerHandler =
  (worker: PayoutWorkerDeps, options: WorkerHandlerOptions = {}) =>
  async (event: SQSEvent, context?: RemainingTime): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    // The store's and Stripe's retries stop before the function would time out.
    const deadline = context ? lambdaDeadline(context) : undefined;
    const paying: PayoutWorkerDeps = deadline ? { ...worker, store: withDeadline(worker.store, deadline), stripe: worker.stripe.withDeadline(deadline) } : worker;
    const now = worker.now ?? Date.now;
    const { continuation } = options;
    for (const record of event.Records) {
      const parsed = z.safeParse(Message, parseJson(record.body));
      if (!parsed.success || parsed.data.shard && parsed.data.shard.index >= parsed.data.shard.of) {
        // A message that can never succeed is logged and dropped, not retried into the dead-letter queue.
        worker.logger.error('unreadable payout message', { messageId: record.messageId, body: record.body });
        continue;
      }
      const { runId } = parsed.data;
      try {
        let shard: Shard = parsed.data.shard ?? WHOLE;
        const of = options.shards ?? 1;
        if (!parsed.data.shard && of > 1 && continuation) {
          // The approval: the other workers take the other shards; a redelivered approval fans out again, which overlaps harmlessly.
          for (let index = 1; index < of; index += 1) await continuation.send({ runId, shard: { index, of } });
          shard = { index: 0, of };
        }
        // Each record of a batch gets its own slice of what time is left.
        const limit = context ? sliceLimit(context, now(), options.slice) : { ...WHOLE_RUN, maxLines: options.slice?.maxLines ?? WHOLE_RUN.maxLines };
        if (limit.stopAt <= now() && continuation) {
          // No time left for this record (an earlier one in the batch used it): hand it on untouched.
          await continuation.send({ runId, shard });
          continue;
        }
        const slice = await paySlice(paying, runId, limit, shard);
        if (slice.pending === 0) continue;
        if (slice.settled > 0 && continuation) {
          await continuation.send({ runId, shard });
          worker.logger.info('payout run continues in another message', { runId, shard, settled: slice.settled, pending: slice.pending });
          continue;
        }
        // Nothing moved (another worker holds the lines), or no queue to continue on: this message comes back later.
        failures.push({ itemIdentifier: record.messageId });
      } catch (error) {
        // No such run, or one not approved: redelivery cannot help, so it is logged and dropped.
        if (error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_transition')) {
          worker.logger.error('payout message names no approved run', { messageId: record.messageId, runId, code: error.code });
          continue;
        }
        worker.logger.error('payout run failed; SQS will redeliver', { runId, error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  };

const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
};
