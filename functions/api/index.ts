// Lambda entry for the API: configuration and clients are built once at cold start, then reused.
// This file composes rooms: the API app, the web pages beside it, and the payout worker for a deployment without a queue.
import { handle } from 'hono/aws-lambda';
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { inProcessPayouts } from '../payout-worker/dispatch.js';
import { composeApps } from '../runtime/compose.js';
import { createWebApp, webMount, webOptionsFromEnv } from '../web/index.js';
import { createApp } from './app.js';

const deps = await buildDeps(loadLambdaConfig(), { inProcessPayouts });
const app = createApp(deps);
// The web pages mount beside the API once the stack gives them Cognito's domain and a session secret.
const webOptions = webOptionsFromEnv(process.env, (path, init) => app.request(path, init), deps.verifier);

export const handler = webOptions ? handle(composeApps([webMount(createWebApp(webOptions))], app)) : handle(app);
