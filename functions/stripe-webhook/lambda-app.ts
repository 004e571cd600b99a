// The webhook function's own small app: request ids, body limit, problem+json, and the webhook route.
import { Hono } from 'hono';
import type { Deps } from '../api/deps.js';
import type { AppEnv } from '../api/env.js';
import { limitBodySize } from '../api/middleware/limits.js';
import { onError, onNotFound } from '../api/middleware/problems.js';
import { requestContext } from '../api/middleware/request-context.js';
import { createWebhookRoutes } from './app.js';

export const createWebhookApp = (deps: Deps) => {
  const app = new Hono<AppEnv>();
  app.onError(onError);
  app.notFound(onNotFound);
  app.use('*', requestContext(deps));
  app.use('*', limitBodySize());
  app.route('/', createWebhookRoutes());
  return app;
};
