// Lambda entry for the API: configuration and clients are built once at cold start, then reused.
// This file composes rooms: the API app, and the payout worker for a deployment without a queue.
import { handle } from 'hono/aws-lambda';
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { inProcessPayouts } from '../payout-worker/dispatch.js';
import { createOpenReferralApp, OPEN_REFERRAL_PREFIX } from '../openreferral/app.js';
import { composeApps, under } from '../runtime/compose.js';
import { createApp } from './app.js';

const deps = await buildDeps(loadLambdaConfig(), { inProcessPayouts });
// Further rooms served by this Lambda mount beside the API here. /openreferral/* is public: API
// Gateway must route it outside the JWT authoriser, and the ORUK app never reads credentials.
const app = composeApps([under(createOpenReferralApp(deps), OPEN_REFERRAL_PREFIX)], createApp(deps));

export const handler = handle(app);
