// Lambda entry for Stripe webhooks (no JWT authorizer: the signature is the authentication).
import { handle } from 'hono/aws-lambda';
import { buildDeps } from '../runtime/build-deps.js';
import { loadLambdaConfig } from '../runtime/lambda-config.js';
import { createWebhookApp } from './lambda-app.js';

export const handler = handle(createWebhookApp(await buildDeps(loadLambdaConfig())));
