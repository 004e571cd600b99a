// Gives each request an id (API Gateway's, the caller's X-Request-Id, or a new one) and a child logger.
import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from '../env.js';
import type { Deps } from '../deps.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestContext = (deps: Deps): MiddlewareHandler<AppEnv> => async (c, next) => {
  const lambdaRequestId = (c.env as { event?: { requestContext?: { requestId?: string } } } | undefined)?.event
    ?.requestContext?.requestId;
  const offered = c.req.header('x-request-id');
  const requestId = lambdaRequestId ?? (offered && SAFE_ID.test(offered) ? offered : randomUUID());
  c.set('deps', deps);
  c.set('requestId', requestId);
  c.set('principal', undefined);
  c.set('logger', deps.logger.createChild({ persistentKeys: { requestId } }));
  const started = performance.now();
  await next();
  c.header('X-Request-Id', requestId);
  c.get('logger').info('request', {
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    durationMs: Math.round(performance.now() - started),
  });
};
