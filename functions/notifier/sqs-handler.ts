// The SQS side of the notifier: each message is a job (or a stream record Pipes forwarded); failures are retried.
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { withDeadline } from '../../shared/store/client.js';
import { lambdaDeadline } from '../runtime/deadlines.js';
import type { NotifierDeps } from './deps.js';
import { jobKey, parseJob } from './jobs.js';
import { processJob } from './process.js';

export const createNotifierHandler = (base: NotifierDeps) => async (event: SQSEvent, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<SQSBatchResponse> => {
  // The store's retries stop before the invocation does; what is left comes back with its message.
  const deps = context ? { ...base, store: withDeadline(base.store, lambdaDeadline(context)) } : base;
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    const job = parseJob(record.body);
    if (job === 'ignore') continue;
    if (!job) {
      // A message that can never succeed is logged and dropped, not retried into the dead-letter queue.
      deps.logger.error('unreadable notification message', { messageId: record.messageId });
      continue;
    }
    try {
      const counts = await processJob(deps, job);
      deps.logger.info('notification job done', { job: jobKey(job), ...counts });
    } catch (error) {
      // Redelivered after the visibility timeout; after maxReceiveCount it moves to the dead-letter queue.
      deps.logger.warn('notification job will be retried', { job: jobKey(job), messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount, error });
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};
