// The payout queue as the worker sees it, in process: messages, receive counts, and a dead-letter queue after 5 receives.
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { ContinuationQueue } from '../../functions/payout-worker/sqs-handler.js';
import type { PayoutDispatcher } from '../../functions/runtime/payouts.js';
import { MAX_RECEIVE_COUNT } from '../../infra/constructs/dead-letter-queue.js';

/** The payout queue's redrive policy, read from the construct so the stand-in cannot drift from it. */
export const MAX_RECEIVES = MAX_RECEIVE_COUNT;

/** One SQS record per message; only what the worker reads is filled in. */
const eventOf = (body: string): SQSEvent =>
  ({ Records: [{ messageId: randomUUID(), receiptHandle: randomUUID(), body, attributes: {}, messageAttributes: {}, md5OfBody: '', eventSource: 'aws:sqs', eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:payouts', awsRegion: 'eu-west-2' }] }) as unknown as SQSEvent;

export type WorkerHandle = (event: SQSEvent) => Promise<SQSBatchResponse>;

export const queueStandIn = () => {
  const waiting: { body: string; receives: number }[] = [];
  const deadLetters: string[] = [];
  let delivered = 0;
  // Consumers waiting for a message (or for the last busy one to finish) are woken, never put to sleep.
  let sleepers: (() => void)[] = [];
  const wake = () => {
    for (const resolve of sleepers) resolve();
    sleepers = [];
  };
  const enqueue = (body: string) => {
    waiting.push({ body, receives: 0 });
    wake();
  };
  // The API's side (an approved run) and the worker's own (continuations, shards).
  const dispatcher: PayoutDispatcher = {
    async dispatch(runId) {
      enqueue(JSON.stringify({ runId }));
    },
    idle: async () => undefined,
  };
  const continuation: ContinuationQueue = {
    async send(message) {
      enqueue(JSON.stringify(message));
    },
  };
  /**
   * Delivers every message until the queue is empty, one consumer per handler, all at once (the
   * event source's concurrency, each a worker with its own pacer); a failed message comes back, and
   * moves to the dead-letter queue on its 5th failure.
   */
  const drain = async (...handlers: WorkerHandle[]) => {
    let busy = 0;
    const consume = async (handle: WorkerHandle): Promise<void> => {
      for (;;) {
        const message = waiting.shift();
        // Another consumer may still queue a continuation: wait for it before stopping.
        if (!message) {
          if (busy === 0) return;
          await new Promise<void>((resolve) => sleepers.push(resolve));
          continue;
        }
        busy += 1;
        message.receives += 1;
        delivered += 1;
        const { batchItemFailures } = await handle(eventOf(message.body));
        busy -= 1;
        if (batchItemFailures.length > 0 && message.receives >= MAX_RECEIVES) deadLetters.push(message.body);
        else if (batchItemFailures.length > 0) waiting.push(message);
        wake();
      }
    };
    await Promise.all(handlers.map(consume));
  };
  return { dispatcher, continuation, drain, deadLetters, waiting, delivered: () => delivered };
};
