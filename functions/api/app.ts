// The API's Hono app: served by the Lambda adapter in AWS and by @hono/node-server locally, beside the
// Stripe webhook's own app (its own Lambda in AWS; mounted next to this one by local/start.ts).
import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError } from '../../shared/domain/errors.js';
import type { Deps } from '../runtime/deps.js';
import type { AppEnv } from '../runtime/env.js';
import { authenticate, requireSignIn } from './middleware/auth.js';
import { idempotency } from './middleware/idempotency.js';
import { jsonBodiesOnly, limitBodySize } from '../runtime/limits.js';
import { onError, onNotFound } from '../runtime/problems.js';
import { requestContext } from '../runtime/request-context.js';
import { activityRoutes } from './routes/activities.js';
import { agreementRoutes } from './routes/agreements.js';
import { fundRoutes } from './routes/funds.js';
import { fundListRoutes } from './routes/fund-lists.js';
import { organisationListRoutes } from './routes/organisation-lists.js';
import { statementRoutes } from './routes/statement.js';
import { memberRoutes } from './routes/members.js';
import { DEV_USERS_PATH, devUserRoutes } from './routes/dev-users.js';
import { organisationRoutes } from './routes/organisations.js';
import { auditRoutes } from './routes/audit.js';
import { exportRoutes } from './routes/exports.js';
import { payoutRunRoutes } from './routes/payout-runs.js';
import { reportRoutes } from './routes/reports.js';
import { referralRoutes } from './routes/referrals.js';
import { notificationSettingsRoutes } from './routes/notification-settings.js';
import { undeliveredEmailRoutes } from './routes/undelivered-emails.js';
import { docsRoutes } from './routes/docs.js';
import { healthRoutes, localAuthRoutes } from './routes/platform.js';
import { describeIssues, type ZodIssueLike } from './schemas/issue-messages.js';

/** Every input is validated once here; a failure is a problem+json 400 saying what to change in each field. */
const validationHook = (result: { success: boolean; error?: { issues: readonly ZodIssueLike[] } }) => {
  if (!result.success) {
    const { errors, detail } = describeIssues(result.error?.issues ?? []);
    throw new AppError('validation_failed', detail, { errors });
  }
  return undefined;
};

/** The /v1 paths anyone may call without signing in. */
const PUBLIC_V1_PATHS = ['/v1/dev/token', DEV_USERS_PATH] as const;

export const createApp = (deps: Deps) => {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);

  app.use('*', requestContext(deps));
  app.use('*', limitBodySize());
  app.use('*', jsonBodiesOnly());
  // Only /v1 reads credentials: every other path is public and ignores any sent with it (the contract),
  // and so do the public /v1 routes (the dev token and demo users): a stale token must not lock anyone out.
  app.use('/v1/*', authenticate({ except: PUBLIC_V1_PATHS }));
  app.use('/v1/*', requireSignIn({ except: PUBLIC_V1_PATHS }));
  app.use('/v1/*', idempotency(deps.idempotencyStore));

  app.route('/', healthRoutes);
  if (deps.localIssuer) app.route('/', localAuthRoutes(deps.localIssuer));
  app.route('/v1/organisations', organisationListRoutes);
  app.route('/v1/organisations', statementRoutes);
  if (deps.localIssuer) app.route('/', devUserRoutes);
  app.route('/v1/organisations', organisationRoutes);
  app.route('/v1/organisations', memberRoutes);
  app.route('/v1/activities', activityRoutes);
  app.route('/v1/funds', fundListRoutes);
  app.route('/v1/funds', fundRoutes);
  app.route('/v1/agreements', agreementRoutes);
  app.route('/v1/referrals', referralRoutes);
  app.route('/v1', payoutRunRoutes);
  app.route('/v1/reports', reportRoutes);
  app.route('/v1/audit', auditRoutes);
  app.route('/v1/exports', exportRoutes);
  app.route('/v1', notificationSettingsRoutes);
  app.route('/v1', undeliveredEmailRoutes);

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
  app.route('/', docsRoutes({ title: 'Pay on Prescription API', specUrl: '/openapi.json' }));
  return app;
};

export type App = ReturnType<typeof createApp>;
