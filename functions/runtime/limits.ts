// Request shape limits every route inherits: JSON bodies only, at most 64 KiB.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../shared/domain/errors.js';
import type { AppEnv } from './env.js';

export const MAX_BODY_BYTES = 64 * 1024;

const hasBody = (request: Request): boolean => {
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== null && length !== '0');
};

const isJson = (contentType: string | undefined): boolean => {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
};

/** The API takes JSON only; the Stripe webhook (a signed raw body) is a separate app and never passes here. */
export const jsonBodiesOnly = (): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    const writes = c.req.method === 'POST' || c.req.method === 'PUT' || c.req.method === 'PATCH';
    if (writes && hasBody(c.req.raw) && !isJson(c.req.header('content-type'))) {
      throw new AppError('unsupported_media_type', 'Send the request body as application/json.');
    }
    await next();
  };

export const limitBodySize = (): MiddlewareHandler<AppEnv> =>
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('payload_too_large', `Request bodies may be at most ${MAX_BODY_BYTES / 1024} KiB.`);
    },
  });
