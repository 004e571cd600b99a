// Lambda entry: configuration and clients are built once at cold start, then reused.
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { createApp } from './app.js';
import { buildDeps } from './build-deps.js';

const config = loadConfig({ ...process.env, RUNNING_IN_LAMBDA: 'true' });
const app = createApp(await buildDeps(config));

export const handler = handle(app);
