// The SQS side of the payout worker: each message pays one slice of a run and queues the rest as a continuation.
//
//   message { runId } ──▶ paySlice (until the slice's limit) ──▶ lines left? ──yes, some settled──▶ dispatch { runId } again
//                                                                     │ no                         (this message succeeds)
//                                                                     ▼
//                                                           run settled: message succeeds
//
// A slice that settled nothing (every pending line held by another worker, or refused a write)
// reports its message failed instead, so SQS's redelivery (and, if that never helps, the
// dead-letter queue) takes over rather than a chain of continuations that never ends.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { AppError } from '../../shared/domain/errors.js';
import { withDeadline } from '../../shared/store/client.js';
import { lambdaDeadline, type RemainingTime } from '../runtime/deadlines.js';
import type { PayoutDispatcher } from '../runtime/payouts.js';
import { paySlice, type PayoutWorkerDeps, type SliceLimit } from './pay-run.js';
import { sliceLimit, type SliceOptions } from './slice-budget.js';

const Message = z.object({ runId: z.string().check(z.regex(/^run_[0-9A-HJKMNP-TV-Z]{26}$/)) });

export interface WorkerHandlerOptions {
  /** Where the rest of a run goes after a slice (the payout queue); without it the message itself comes back. */
  readonly continuation?: PayoutDispatcher | undefined;
  readonly slice?: SliceOptions;
}

const UNLIMITED: SliceLimit = { stopAt: Number.POSITIVE_INFINITY, maxLines: Number.POSITIVE_INFINITY };

export const createWorkerHandler =
  (worker: PayoutWorkerDeps, options: WorkerHandlerOptions = {}) =>
  async (event: SQSEvent, context?: RemainingTime): Promise<SQSBatchResponse> => {
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    // The store's and Stripe's retries stop before the function would time out.
    const deadline = context ? lambdaDeadline(context) : undefined;
    const paying: PayoutWorkerDeps = deadline ? { ...worker, store: withDeadline(worker.store, deadline), stripe: worker.stripe.withDeadline(deadline) } : worker;
    const now = worker.now ?? Date.now;
    for (const record of event.Records) {
      const parsed = z.safeParse(Message, parseJson(record.body));
      if (!parsed.success) {
        // A message that can never succeed is logged and dropped, not retried into the dead-letter queue.
        worker.logger.error('unreadable payout message', { messageId: record.messageId, body: record.body });
        continue;
      }
      const { runId } = parsed.data;
      try {
        // Each record of a batch gets its own slice of what time is left.
        const limit = context ? sliceLimit(context, now(), options.slice) : { ...UNLIMITED, maxLines: options.slice?.maxLines ?? UNLIMITED.maxLines };
        if (limit.stopAt <= now() && options.continuation) {
          // No time left for this record (an earlier one in the batch used it): hand it on untouched.
          await options.continuation.dispatch(runId);
          continue;
        }
        const slice = await paySlice(paying, runId, limit);
        if (slice.pending === 0) continue;
        if (slice.settled > 0 && options.continuation) {
          await options.continuation.dispatch(runId);
          worker.logger.info('payout run continues in another message', { runId, settled: slice.settled, pending: slice.pending });
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
