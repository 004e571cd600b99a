// How an approved run reaches the worker: an SQS message in AWS, an in-process call locally.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { payRun, type PayoutWorkerDeps } from './pay-run.js';

export interface PayoutDispatcher {
  dispatch(runId: string): Promise<void>;
  /** Resolves when every dispatched run has finished (in-process only; tests and shutdown wait on it). */
  idle(): Promise<void>;
}

export const createSqsDispatcher = (sqs: SQSClient, queueUrl: string): PayoutDispatcher => ({
  async dispatch(runId) {
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ runId }) }));
  },
  idle: async () => undefined,
});

/** Locally the same worker code runs in the background of the API process. */
export const createInProcessDispatcher = (worker: PayoutWorkerDeps): PayoutDispatcher => {
  const running = new Set<Promise<unknown>>();
  return {
    async dispatch(runId) {
      const job = payRun(worker, runId)
        .catch((error: unknown) => worker.logger.error('payout run failed; it resumes on the next dispatch', { runId, error }))
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
};
