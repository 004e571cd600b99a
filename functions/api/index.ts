// Lambda entry for the API: configuration and clients are built once at cold start, then reused.
// This file composes rooms: the API app, and the payout worker for a deployment without a queue.
import { handle } from 'hono/aws-lambda';
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { inProcessPayouts } from '../payout-worker/dispatch.js';
import { createApp } from './app.js';

const deps = await buildDeps(loadLambdaConfig(), { inProcessPayouts });
// Further rooms served by this Lambda (the web pages) mount beside the API here with composeApps (runtime/compose.ts).
const app = createApp(deps);

export const handler = handle(app);
