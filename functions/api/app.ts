// The API's Hono app: served by the Lambda adapter in AWS and by @hono/node-server locally, beside the
// Stripe webhook's own app (its own Lambda in AWS; mounted next to this one by local/start.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import { swaggerUI } from '@hono/swagger-ui';
import { AppError } from '../../shared/domain/errors.js';
import type { Deps } from '../runtime/deps.js';
import type { AppEnv } from '../runtime/env.js';
import { authenticate, requireSignIn } from './middleware/auth.js';
import { idempotency } from './middleware/idempotency.js';
import { jsonBodiesOnly, limitBodySize } from '../runtime/limits.js';
import { onError, onNotFound } from '../runtime/problems.js';
import { requestContext } from '../runtime/request-context.js';
import { activityRoutes } from './routes/activities.js';
import { fundRoutes } from './routes/funds.js';
import { organisationRoutes } from './routes/organisations.js';
import { auditRoutes } from './routes/audit.js';
import { exportRoutes } from './routes/exports.js';
import { payoutRunRoutes } from './routes/payout-runs.js';
import { reportRoutes } from './routes/reports.js';
import { referralRoutes } from './routes/referrals.js';
import { healthRoutes, localAuthRoutes } from './routes/platform.js';

/** Every body is validated once here; a failure is a problem+json 400 listing each field. */
const validationHook = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => {
  if (!result.success) {
    const errors = (result.error?.issues ?? []).map((issue) => ({
      path: `/${issue.path.map(String).join('/')}`,
      message: issue.message,
    }));
    throw new AppError('validation_failed', errors.map((e) => `${e.path}: ${e.message}`).join('; ') || 'The request is not valid.', {
      errors,
    });
  }
  return undefined;
};

/** The /v1 paths anyone may call without signing in. */
const PUBLIC_V1_PATHS = ['/v1/dev/token'] as const;

export const createApp = (deps: Deps) => {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);

  app.use('*', requestContext(deps));
  app.use('*', limitBodySize());
  app.use('*', jsonBodiesOnly());
  // Credentials are read under /v1 only, and never on its public route: /health, the docs, the JWKS
  // and the dev token ignore whatever token is sent with them (a stale one must not lock anyone out).
  app.use('/v1/*', authenticate({ except: PUBLIC_V1_PATHS }));
  app.use('/v1/*', requireSignIn({ except: PUBLIC_V1_PATHS }));
  app.use('/v1/*', idempotency(deps.idempotencyStore));

  app.route('/', healthRoutes);
  if (deps.localIssuer) app.route('/', localAuthRoutes(deps.localIssuer));
  app.route('/v1/organisations', organisationRoutes);
  app.route('/v1/activities', activityRoutes);
  app.route('/v1/funds', fundRoutes);
  app.route('/v1/referrals', referralRoutes);
  app.route('/v1', payoutRunRoutes);
  app.route('/v1/reports', reportRoutes);
  app.route('/v1/audit', auditRoutes);
  app.route('/v1/exports', exportRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A Cognito ID token (locally: POST /v1/dev/token)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Pay on Prescription API',
      version: '1.0.0',
      description:
        'Pays VCSE organisations for the social-prescribing referrals they accept. Money is integer pence (GBP); errors are application/problem+json.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Pay on Prescription API' }));
  return app;
};

export type App = ReturnType<typeof createApp>;
