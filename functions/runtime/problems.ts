// Renders every failure as application/problem+json (RFC 9457) with the contract's stable code.
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, ERROR_TITLE, type ErrorCode } from '../../shared/domain/errors.js';
import type { AppEnv } from './env.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemBody = (error: AppError, instance?: string) => ({
  type: `https://pay-on-prescription.org.uk/problems/${error.code.replace(/_/g, '-')}`,
  title: ERROR_TITLE[error.code],
  status: error.status,
  detail: error.detail,
  code: error.code,
  ...(instance ? { instance } : {}),
  ...(error.errors ? { errors: error.errors } : {}),
});

export const problemResponse = (c: Context<AppEnv>, error: AppError): Response => {
  const requestId = c.get('requestId');
  return c.body(JSON.stringify({ ...problemBody(error, c.req.path), ...(requestId ? { requestId } : {}) }), error.status as ContentfulStatusCode, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });
};

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/**
 * The socket closed before the whole body arrived (Node raises `aborted` with ECONNRESET while the
 * body is read): the client's doing, not ours, so it is a refused request and not an internal error.
 */
const isClientHangUp = (error: unknown): boolean =>
  error instanceof Error && error.message === 'aborted' && (error as { code?: unknown }).code === 'ECONNRESET';

/** Turns anything thrown into a domain error; what we did not expect is logged and answered 500. */
export const toAppError = (error: unknown): AppError => {
  if (error instanceof AppError) return error;
  if (isClientHangUp(error)) {
    return new AppError('validation_failed', 'The request body was not received in full: the connection closed.', { cause: error });
  }
  if (error instanceof HTTPException) {
    const code = HTTP_CODES[error.status];
    if (code === 'validation_failed') {
      return new AppError(code, 'The request body is not valid JSON.', { cause: error });
    }
    if (code) return new AppError(code, ERROR_TITLE[code], { cause: error });
  }
  return new AppError('internal', 'An unexpected error occurred. It has been logged with the request id.', {
    cause: error,
  });
};

export const onError: ErrorHandler<AppEnv> = (error, c) => {
  const appError = toAppError(error);
  const logger = c.get('logger');
  if (appError.status >= 500) {
    logger?.error('request failed', { requestId: c.get('requestId'), code: appError.code, error: appError.cause ?? appError });
  } else {
    logger?.info('request refused', { code: appError.code, detail: appError.detail });
  }
  return problemResponse(c, appError);
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(c, new AppError('not_found', `There is no ${c.req.method} ${c.req.path}.`));
