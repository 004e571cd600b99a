// Stripe's failures as the product's own error: an AppError carrying whether Stripe can have acted.
//
// Nothing above shared/stripe sees the SDK's error classes. A StripeGatewayError is an AppError
// (rendered as problem+json like any other) with two extra facts a payout needs:
//   definitive: true  — Stripe answered 4xx and did nothing (balance_insufficient, no capability, ...);
//                       the line can be marked failed.
//   definitive: false — timeout, dropped connection, 5xx, or a 409 for a key still in flight: the
//                       transfer may or may not exist. Retry with the SAME idempotency key (Stripe
//                       replays the first result) or reconcile; never pay again under a new key.
import Stripe from 'stripe';
import { AppError, type ErrorCode } from '../domain/errors.js';

export class StripeGatewayError extends AppError {
  /** Stripe's own code (`balance_insufficient`, `timeout`, `rate_limit`, ...): what a payout line records. */
  readonly reason: string;
  readonly definitive: boolean;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    details: { reason: string; definitive: boolean; statusCode?: number | undefined; requestId?: string | undefined; cause?: unknown },
  ) {
    super(code, detail, { cause: details.cause, context: { stripeReason: details.reason, stripeRequestId: details.requestId } });
    this.reason = details.reason;
    this.definitive = details.definitive;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
  }
}

/** What a caller of the API reads when Stripe let a request down; the Stripe detail goes to the logs. */
const UNAVAILABLE_DETAIL = 'Stripe did not complete the request; please try again shortly.';

/** A fresh deployment: the secret still holds placeholders, so nothing is sent to Stripe. */
export const stripeUnconfigured = (why: string): StripeGatewayError =>
  new StripeGatewayError(
    'stripe_unconfigured',
    'Payments are not set up on this deployment yet: an operator must store the Stripe keys (see the deploy steps). Nothing was sent to Stripe.',
    // For the logs only: which value is missing, never the value itself.
    { reason: 'stripe_unconfigured', definitive: false, cause: new Error(`Stripe is unconfigured: ${why}.`) },
  );

/** A call refused before anything was sent: too little of the caller's deadline was left for one attempt. Safe to repeat. */
export const deadlineTooClose = (operation: string, remainingMs: number): StripeGatewayError =>
  new StripeGatewayError('unavailable', UNAVAILABLE_DETAIL, {
    reason: 'deadline',
    // Nothing reached Stripe, but the line or request keeps its key: a retry repeats the same request.
    definitive: false,
    cause: withOperation(new Error(`Not sent to Stripe: ${Math.max(0, remainingMs)} ms of the deadline left.`), operation),
  });

/** The deadline passed while a call was still waiting for Stripe: it may have acted. */
export const deadlineStopped = (operation: string): StripeGatewayError =>
  new StripeGatewayError('unavailable', UNAVAILABLE_DETAIL, {
    reason: 'timeout',
    definitive: false,
    cause: withOperation(new Error('Stopped waiting for Stripe at the deadline.'), operation),
  });

export const signatureInvalid = (message: string, cause?: unknown): StripeGatewayError =>
  new StripeGatewayError('validation_failed', message, { reason: 'signature_invalid', definitive: true, statusCode: 400, cause });

/** Maps whatever the SDK threw onto StripeGatewayError, deciding whether Stripe can have acted. */
export function toGatewayError(error: unknown, operation: string): StripeGatewayError {
  if (error instanceof StripeGatewayError) return error;
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout/i.test(error.message);
    return new StripeGatewayError('unavailable', UNAVAILABLE_DETAIL, {
      reason: timedOut ? 'timeout' : 'connection_error',
      definitive: false,
      requestId: error.requestId,
      cause: withOperation(error, operation),
    });
  }
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode;
    const isIdempotencyError = error instanceof Stripe.errors.StripeIdempotencyError;
    // 409: another request with this key is still running; idempotency_error: an earlier, different
    // request used this key. Either way something may exist under the key, so the outcome is open.
    const definitive = status !== undefined && status >= 400 && status < 500 && status !== 409 && !isIdempotencyError;
    const reason =
      error.code ??
      (error instanceof Stripe.errors.StripeRateLimitError ? 'rate_limit' : isIdempotencyError ? 'idempotency_error' : undefined) ??
      error.rawType ??
      'api_error';
    return new StripeGatewayError('unavailable', UNAVAILABLE_DETAIL, {
      reason,
      definitive,
      statusCode: status,
      requestId: error.requestId,
      cause: withOperation(error, operation),
    });
  }
  return new StripeGatewayError('unavailable', UNAVAILABLE_DETAIL, { reason: 'unknown', definitive: false, cause: withOperation(error, operation) });
}

/**
 * Keeps the SDK's error as the cause, naming the operation in the logs. The cause is what the error
 * handler logs, so it also carries the term the StripeErrors metric filter counts.
 */
const withOperation = (error: unknown, operation: string): unknown => {
  const marks = { stripeOperation: operation, translatedAs: 'StripeGatewayError' };
  return error instanceof Error ? Object.assign(error, marks) : { ...marks, error };
};

/** Whether the SDK's error was a 429 (nothing ran, so the same call is safe to repeat). */
export const isRateLimited = (error: unknown): boolean => error instanceof Stripe.errors.StripeRateLimitError;
