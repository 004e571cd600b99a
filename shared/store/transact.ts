// TransactWriteItems with conflict retries, and cancellation reasons handed back by item position.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors.js';
import { translateStoreError, type Store } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Thrown when a condition in the transaction failed; `reasons[i]` is item i's cancellation code. */
export class TransactionConditionFailed extends Error {
  override readonly name = 'TransactionConditionFailed';
  constructor(
    readonly reasons: readonly (string | undefined)[],
    options: { cause: unknown },
  ) {
    super(`Transaction cancelled: ${reasons.map((r) => r ?? 'None').join(', ')}`, options);
  }
  failedAt(index: number): boolean {
    return this.reasons[index] === 'ConditionalCheckFailed';
  }
}

const MAX_ATTEMPTS = 12;

/**
 * Runs a transaction. A conflict with another transaction on the same items (TransactionConflict)
 * is retried with full-jitter exponential backoff, since nothing was written; a failed condition is
 * handed back as TransactionConditionFailed for the caller to name in domain terms.
 */
export const transactWrite = async (
  store: Store,
  items: TransactItem[],
  options: { clientRequestToken?: string } = {},
): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await store.doc.send(
        new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }),
      );
      return;
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
        const conflictOnly = reasons.every((r) => r === 'None' || r === 'TransactionConflict' || r === undefined);
        if (!conflictOnly) throw new TransactionConditionFailed(reasons, { cause: error });
        if (attempt >= MAX_ATTEMPTS) {
          throw new AppError('unavailable', 'The request kept colliding with others; please try again.', { cause: error });
        }
        await backoff(attempt);
        continue;
      }
      throw translateStoreError(error);
    }
  }
};

export const backoff = (attempt: number): Promise<void> => {
  const cap = Math.min(1000, 10 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * cap));
};
