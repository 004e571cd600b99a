// The one error type of the product: a contract `code`, its HTTP status, and a cause for the logs.
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  four_eyes_required: 403,
  not_found: 404,
  invalid_transition: 409,
  capacity_exhausted: 409,
  fund_exhausted: 409,
  no_agreement: 409,
  duplicate_referral: 409,
  payouts_not_enabled: 409,
  nothing_payable: 409,
  activity_closed: 409,
  // Not in the contract's table: a 360Giving package must hold at least one grant, and the fund has none yet.
  nothing_to_publish: 409,
  // Not in the contract's table: Stripe's name for a key whose first request is still running.
  idempotency_key_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_conflict: 422,
  rate_limited: 429,
  internal: 500,
  // A dependency (DynamoDB, Stripe) did not answer in time or at all; safe to retry.
  unavailable: 503,
  // Stripe's keys are not set yet (a fresh deployment): nothing was asked of Stripe.
  stripe_unconfigured: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<ErrorCode, string> = {
  validation_failed: 'The request is not valid',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  four_eyes_required: 'A second fund manager must approve',
  not_found: 'Not found',
  invalid_transition: 'Not possible in its current state',
  capacity_exhausted: 'No capacity left this period',
  fund_exhausted: 'The fund cannot cover this',
  no_agreement: 'No active agreement',
  duplicate_referral: 'Referral already logged',
  payouts_not_enabled: 'Payouts are not enabled',
  nothing_payable: 'Nothing is payable',
  activity_closed: 'The activity has closed',
  nothing_to_publish: 'Nothing to publish yet',
  idempotency_key_in_use: 'A request with this Idempotency-Key is still being processed',
  payload_too_large: 'Request body too large',
  unsupported_media_type: 'Unsupported media type',
  idempotency_conflict: 'Idempotency-Key reused with a different request',
  rate_limited: 'Too many requests',
  internal: 'Something went wrong on our side',
  unavailable: 'A service we depend on is unavailable',
  stripe_unconfigured: 'Payments are not set up yet',
};

export interface ProblemDetail {
  /** JSON pointer or field path the problem concerns, e.g. `/clientRef`. */
  readonly path: string;
  readonly message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly ProblemDetail[] | undefined;
  readonly context: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { cause?: unknown; errors?: readonly ProblemDetail[]; context?: Record<string, unknown> } = {},
  ) {
    super(detail, { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.detail = detail;
    this.errors = options.errors;
    this.context = options.context;
  }
}
