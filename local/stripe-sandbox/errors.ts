// Stripe's error responses, worded and shaped as the real API answers them.

export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    code?: string;
    param?: string;
    doc_url?: string;
  };
}

/** What an endpoint (or the layers around it) answers: an HTTP status and a JSON body. */
export interface ApiResult {
  status: number;
  body: unknown;
  /** Extra response headers, e.g. Stripe-Should-Retry. */
  headers?: Record<string, string>;
}

const docUrl = (code: string) => `https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`;

export function stripeError(
  status: number,
  type: StripeErrorType,
  message: string,
  extra: { code?: string; param?: string } = {},
): ApiResult {
  const error: StripeErrorBody['error'] = { type, message };
  if (extra.code) {
    error.code = extra.code;
    error.doc_url = docUrl(extra.code);
  }
  if (extra.param) error.param = extra.param;
  return { status, body: { error } satisfies StripeErrorBody };
}

export const errors = {
  missingApiKey: () =>
    stripeError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    ),
  invalidApiKey: (key: string) =>
    stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${redactKey(key)}`),
  unrecognizedUrl: (method: string, path: string) =>
    stripeError(
      404,
      'invalid_request_error',
      `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    ),
  noSuch: (status: 400 | 404, noun: string, id: string, param: string) =>
    stripeError(status, 'invalid_request_error', `No such ${noun}: '${id}'`, { code: 'resource_missing', param }),
  accountInvalid: (key: string, accountId: string) =>
    stripeError(
      403,
      'invalid_request_error',
      `The provided key '${redactKey(key)}' does not have access to account '${accountId}' (or that account does not exist). Application access may have been revoked.`,
      { code: 'account_invalid' },
    ),
  missingParam: (param: string) =>
    stripeError(400, 'invalid_request_error', `Missing required param: ${param}.`, { code: 'parameter_missing', param }),
  unknownParam: (param: string) =>
    stripeError(400, 'invalid_request_error', `Received unknown parameter: ${param}`, {
      code: 'parameter_unknown',
      param,
    }),
  invalidParam: (param: string, message: string) =>
    stripeError(400, 'invalid_request_error', message, { code: 'parameter_invalid', param }),
  invalidInteger: (param: string, value: string) =>
    stripeError(400, 'invalid_request_error', `Invalid integer: ${value}`, { code: 'parameter_invalid_integer', param }),
  malformedBody: (message: string, param: string) => stripeError(400, 'invalid_request_error', message, { param }),
  balanceInsufficient: () =>
    stripeError(
      400,
      'invalid_request_error',
      'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance',
      { code: 'balance_insufficient' },
    ),
  insufficientCapabilities: () =>
    stripeError(
      400,
      'invalid_request_error',
      'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
      { code: 'insufficient_capabilities_for_transfer', param: 'destination' },
    ),
  transfersWithoutCardPayments: () =>
    stripeError(
      400,
      'invalid_request_error',
      'Your platform needs approval for accounts to have requested the `transfers` capability without the `card_payments` capability. If you would like to request `transfers` without `card_payments`, please contact us via https://support.stripe.com/contact.',
      { param: 'capabilities' },
    ),
  recipientCardPayments: () =>
    stripeError(
      400,
      'invalid_request_error',
      'Accounts under the `recipient` service agreement cannot request the `card_payments` capability.',
      { param: 'capabilities[card_payments]' },
    ),
  recipientNeedsPlatformLosses: () =>
    stripeError(
      400,
      'invalid_request_error',
      'The `recipient` service agreement is only available to accounts whose platform is responsible for negative balances and that have no access to the full Stripe Dashboard.',
      { param: 'tos_acceptance[service_agreement]' },
    ),
  rateLimited: () =>
    stripeError(
      429,
      'invalid_request_error',
      'Request rate limit exceeded. You can learn more about rate limits here https://stripe.com/docs/rate-limits.',
      { code: 'rate_limit' },
    ),
  serverError: () => stripeError(500, 'api_error', 'An unknown error occurred'),
  idempotencyKeyInUse: (key: string) =>
    stripeError(
      409,
      'invalid_request_error',
      `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
      { code: 'idempotency_key_in_use' },
    ),
  idempotencyParamsMismatch: (key: string) =>
    stripeError(
      400,
      'idempotency_error',
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
    ),
  idempotencyEndpointMismatch: (key: string) =>
    stripeError(
      400,
      'idempotency_error',
      `Keys for idempotent requests can only be used for the same endpoint they were first used for. Try using a key other than '${key}' if you meant to execute a different request.`,
    ),
  idempotencyKeyTooLong: () =>
    stripeError(400, 'invalid_request_error', 'Idempotency-Key must be at most 255 characters long.'),
} as const;

/** Stripe shows keys as `sk_test_****1234` in its messages; never echo a whole secret. */
export function redactKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  const tail = key.length > prefix.length + 4 ? key.slice(-4) : '';
  return `${prefix}${'*'.repeat(Math.max(4, key.length - prefix.length - tail.length))}${tail}`;
}
