// Lambda entry: configuration and clients are built once at cold start, then reused.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { createApp } from './app.js';
import { buildDeps } from './build-deps.js';
import { createWebApp, webOptionsFromEnv, withWebApp } from '../web/index.js';

const config = loadConfig({ ...process.env, RUNNING_IN_LAMBDA: 'true' });
const deps = await buildDeps(config);
const app = createApp(deps);
// The web pages sit beside the API once the stack gives them Cognito's domain and a session secret.
const webOptions = webOptionsFromEnv(process.env, (path, init) => app.request(path, init), deps.verifier);

export const handler = webOptions ? handle(withWebApp(app, createWebApp(webOptions))) : handle(app);
