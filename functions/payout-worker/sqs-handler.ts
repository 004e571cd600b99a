// The SQS side of the payout worker: reads run ids from messages and reports partial batch failures.
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import { AppError } from '../../shared/domain/errors.js';
import { withDeadline } from '../../shared/store/client.js';
import { lambdaDeadline, type RemainingTime } from '../runtime/deadlines.js';
import { payRun, type PayoutWorkerDeps } from './pay-run.js';

const Message = z.object({ runId: z.string().regex(/^run_[0-9A-HJKMNP-TV-Z]{26}$/) });

export const createWorkerHandler = (worker: PayoutWorkerDeps) => async (event: SQSEvent, context?: RemainingTime): Promise<SQSBatchResponse> => {
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  // The store's and Stripe's retries stop before the function would time out; an unfinished run comes back with its message.
  const deadline = context ? lambdaDeadline(context) : undefined;
  const paying: PayoutWorkerDeps = deadline ? { ...worker, store: withDeadline(worker.store, deadline), stripe: worker.stripe.withDeadline(deadline) } : worker;
  for (const record of event.Records) {
    const parsed = Message.safeParse(parseJson(record.body));
    if (!parsed.success) {
      // A message that can never succeed is logged and dropped, not retried into the dead-letter queue.
      worker.logger.error('unreadable payout message', { messageId: record.messageId, body: record.body });
      continue;
    }
    try {
      const run = await payRun(paying, parsed.data.runId);
      // Lines still pending (a crash part-way, another worker busy) mean the message comes back later.
      if (run.status === 'paying') failures.push({ itemIdentifier: record.messageId });
    } catch (error) {
      // No such run, or one not approved: redelivery cannot help, so it is logged and dropped.
      if (error instanceof AppError && (error.code === 'not_found' || error.code === 'invalid_transition')) {
        worker.logger.error('payout message names no approved run', { messageId: record.messageId, runId: parsed.data.runId, code: error.code });
        continue;
      }
      worker.logger.error('payout run failed; SQS will redeliver', { runId: parsed.data.runId, error });
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
