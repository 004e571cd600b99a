// How an approved run reaches the payout worker, as the wiring sees it: the dispatcher and pacer interfaces, and SQS.
import type { SQSClient } from '@aws-sdk/client-sqs';
import { sqsJsonSender } from './sqs-json.js';

export interface PayoutDispatcher {
  dispatch(runId: string): Promise<void>;
  /** Resolves when every dispatched run has finished (in-process only; tests and shutdown wait on it). */
  idle(): Promise<void>;
}

/** Keeps Stripe calls under a rate, shared by concurrent payers. */
export interface Pacer {
  /** Resolves when the caller may make its next request. */
  next(): Promise<void>;
}

/** In AWS an approved run is a message on the payout queue; the worker's Lambda picks it up. */
export const createSqsDispatcher = (sqs: SQSClient, queueUrl: string): PayoutDispatcher => {
  const send = sqsJsonSender<{ runId: string }>(sqs, queueUrl);
  return { dispatch: (runId) => send({ runId }), idle: async () => undefined };
};
