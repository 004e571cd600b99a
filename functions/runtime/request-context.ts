// Gives each request an id (API Gateway's, the caller's X-Request-Id, or a new one), a child logger,
// and a deadline on the store: every retry in the store stops before the caller would give up.
import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import { withDeadline } from '../../shared/store/client.js';
import { requestDeadline, type RemainingTime } from './deadlines.js';
import type { AppEnv } from './env.js';
import type { Deps } from './deps.js';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What hono/aws-lambda passes as the env: API Gateway's event and the Lambda context. */
interface LambdaBindings {
  event?: { requestContext?: { requestId?: string } };
  lambdaContext?: RemainingTime;
}

export const requestContext = (deps: Deps): MiddlewareHandler<AppEnv> => async (c, next) => {
  const lambda = c.env as LambdaBindings | undefined;
  const lambdaRequestId = lambda?.event?.requestContext?.requestId;
  const offered = c.req.header('x-request-id');
  const requestId = lambdaRequestId ?? (offered && SAFE_ID.test(offered) ? offered : randomUUID());
  const inLambda = typeof lambda?.lambdaContext?.getRemainingTimeInMillis === 'function' ? lambda.lambdaContext : undefined;
  const deadline = requestDeadline(inLambda, Date.now(), deps.requestBudgetMs);
  c.set('deps', { ...deps, store: withDeadline(deps.store, deadline), stripe: deps.stripe?.withDeadline(deadline) });
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
