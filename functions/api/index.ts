// Lambda entry for the API: configuration and clients are built once at cold start, then reused.
// This file composes rooms: the API app, the web pages beside it, and the payout worker for a deployment without a queue.
import { handle } from 'hono/aws-lambda';
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { inProcessPayouts } from '../payout-worker/dispatch.js';
import { createOpenReferralApp, OPEN_REFERRAL_PREFIX } from '../openreferral/app.js';
import { composeApps, under } from '../runtime/compose.js';
import { createWebApp, webMount, webOptionsFromEnv } from '../web/index.js';
import { withWebSessionSecret } from '../web/lambda-options.js';
import { createApp } from './app.js';

// The session secret's read (Secrets Manager) runs beside building the clients, not after it.
const [deps, webEnv] = await Promise.all([buildDeps(loadLambdaConfig(), { inProcessPayouts }), withWebSessionSecret(process.env)]);
const api = createApp(deps);
// Further rooms served by this Lambda mount beside the API here. /openreferral/* is public: API
// Gateway routes it outside the JWT authoriser, and the ORUK app never reads credentials. The web
// pages mount once the stack gives them Cognito's domain and a session secret.
const webOptions = webOptionsFromEnv(webEnv, (path, init) => api.request(path, init), deps.verifier);
const app = composeApps(
  [under(createOpenReferralApp(deps), OPEN_REFERRAL_PREFIX), ...(webOptions ? [webMount(createWebApp(webOptions))] : [])],
  api,
);

export const handler = handle(app);
