// Lambda entry for Stripe webhooks (no JWT authorizer: the signature is the authentication).
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '../../shared/config.js';
import { buildDeps } from '../api/build-deps.js';
import { createWebhookApp } from './lambda-app.js';

const config = loadConfig({ ...process.env, RUNNING_IN_LAMBDA: 'true' });

export const handler = handle(createWebhookApp(await buildDeps(config)));
