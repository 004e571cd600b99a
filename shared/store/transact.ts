// TransactWriteItems with conflict retries, and cancellation reasons handed back by item name.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors.js';
import { retry, RetriesExhausted } from '../retry/retry.js';
import { translateStoreError, type Store } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** An item of a transaction with the name its condition is known by ('counter', 'externalRefGuard', ...). */
export interface NamedItem {
  readonly name: string;
  readonly item: TransactItem;
}

/** Items the caller never asks about may stay unnamed. */
export type TransactPart = TransactItem | NamedItem;

const isNamed = (part: TransactPart): part is NamedItem => 'item' in part && 'name' in part;

export const named = (name: string, item: TransactItem): NamedItem => ({ name, item });

/** Thrown when a condition in the transaction failed; `failed(name)` says whether that item's did. */
export class TransactionConditionFailed extends Error {
  override readonly name = 'TransactionConditionFailed';
  constructor(
    /** The names of the items whose condition failed (unnamed items appear as `#<position>`). */
    readonly failedItems: readonly string[],
    options: { cause: unknown },
  ) {
    super(`Transaction cancelled: condition failed on ${failedItems.join(', ')}`, options);
  }
  failed(name: string): boolean {
    return this.failedItems.includes(name);
  }
}

/** Cancellation reasons after which the same transaction may simply be sent again. */
const RETRYABLE_REASONS = new Set(['None', 'TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

class Conflicted extends Error {
  override readonly name = 'Conflicted';
}

/**
 * Runs a transaction. A conflict with another transaction on the same items (TransactionConflict)
 * is retried under the one retry policy, since nothing was written; a failed condition is handed
 * back as TransactionConditionFailed for the caller to name in domain terms.
 */
export const transactWrite = async (
  store: Store,
  parts: readonly TransactPart[],
  options: { clientRequestToken?: string } = {},
): Promise<void> => {
  const names = parts.map((part, i) => (isNamed(part) ? part.name : `#${i}`));
  const items = parts.map((part) => (isNamed(part) ? part.item : part));
  try {
    await retry(
      async () => {
        try {
          await store.doc.send(new TransactWriteCommand({ TransactItems: items, ClientRequestToken: options.clientRequestToken }));
        } catch (error) {
          if (!(error instanceof TransactionCanceledException)) throw translateStoreError(error);
          const reasons = (error.CancellationReasons ?? []).map((r) => r.Code);
          const failed = names.filter((_, i) => reasons[i] === 'ConditionalCheckFailed');
          // Only a failed condition means "something moved": the caller reads and decides again.
          if (failed.length > 0) throw new TransactionConditionFailed(failed, { cause: error });
          // Another transaction or throttling: nothing was written, so the same request is sent again.
          if (reasons.every((r) => r === undefined || RETRYABLE_REASONS.has(r))) throw new Conflicted('transaction conflict', { cause: error });
          // A validation error, an item or collection over its limit: sending it again cannot help.
          throw new AppError('internal', 'The database refused the write.', { cause: error });
        }
      },
      { retryOn: (error) => error instanceof Conflicted, deadline: store.deadline },
    );
  } catch (error) {
    if (error instanceof RetriesExhausted) {
      throw new AppError('unavailable', 'The request kept colliding with others; please try again.', { cause: error });
    }
    throw error;
  }
};

/**
 * Read, decide and write again while the write's conditions fail because something moved under us
 * (`attempt` throws TransactionConditionFailed for that), under the one retry policy and the store's
 * deadline. Any other outcome, an answer or an error, ends it. Exhaustion is `unavailable`, in `exhausted`'s words.
 */
export const decideAgain = async <T>(store: Store, attempt: () => Promise<T>, exhausted: string): Promise<T> => {
  try {
    return await retry(attempt, { retryOn: (error) => error instanceof TransactionConditionFailed, deadline: store.deadline });
  } catch (error) {
    if (error instanceof RetriesExhausted) throw new AppError('unavailable', exhausted, { cause: error });
    throw error;
  }
};
