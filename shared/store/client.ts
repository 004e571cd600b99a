// The DynamoDB clients the store uses, and translation of SDK failures into domain errors.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../domain/errors.js';
import type { Deadline } from '../retry/retry.js';

export interface Store {
  readonly raw: DynamoDBClient;
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  /** When the caller needs an answer by; every retry loop in the store stops before it. */
  readonly deadline?: Deadline | undefined;
}

/** The same store, with retries bounded by `deadline` (a request's budget or a Lambda's remaining time). */
export const withDeadline = (store: Store, deadline: Deadline | undefined): Store => ({ ...store, deadline });

export const createStore = (options: { tableName: string; endpoint?: string | undefined; region?: string }): Store => {
  const config: DynamoDBClientConfig = { region: options.region ?? 'eu-west-2', maxAttempts: 4 };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; fixed ones keep every process on the same local database.
    config.credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  }
  const raw = new DynamoDBClient(config);
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { raw, doc, tableName: options.tableName };
};

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
]);

// The connection failed or the answer was lost on the way back (the SDK's own retries spent): whether
// the write landed is unknown, and every write is conditioned or keyed so that a retry is safe.
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);
const isNetworkFailure = (error: unknown): boolean =>
  error instanceof Error && (error.name === 'TimeoutError' || NETWORK_CODES.has(String((error as { code?: unknown }).code)));

/** Any DynamoDB failure not already a domain error becomes one; raw SDK errors never reach a client. */
export const translateStoreError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  const name = error instanceof Error ? error.name : 'Unknown';
  if (TRANSIENT.has(name) || isNetworkFailure(error)) return new AppError('unavailable', 'The database is busy; please try again.', { cause: error });
  return new AppError('internal', 'The database request failed.', { cause: error });
};
