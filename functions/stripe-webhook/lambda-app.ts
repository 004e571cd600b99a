// The webhook's own small app: request ids, body limit, problem+json, and the webhook route. The
// Lambda serves it alone; local/start.ts mounts it beside the API.
import { Hono } from 'hono';
import type { Deps } from '../runtime/deps.js';
import type { AppEnv } from '../runtime/env.js';
import { limitBodySize } from '../runtime/limits.js';
import { onError, onNotFound } from '../runtime/problems.js';
import { requestContext } from '../runtime/request-context.js';
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
