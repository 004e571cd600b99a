// What `npm start` serves on one port: the API, with the Stripe webhook's and the public Open
// Referral UK API's own apps mounted beside it.
import { createApp } from '../functions/api/app.js';
import { createOpenReferralApp, OPEN_REFERRAL_PREFIX } from '../functions/openreferral/app.js';
import { composeApps, paths, under, type Mount } from '../functions/runtime/compose.js';
import type { Deps } from '../functions/runtime/deps.js';
import { WEBHOOK_PATH } from '../functions/stripe-webhook/app.js';
import { createWebhookApp } from '../functions/stripe-webhook/lambda-app.js';

/**
 * In AWS each of these is its own Lambda behind API Gateway's routes; locally one server stands in,
 * routing the webhook path to the webhook app and everything else to the API. `beside` mounts more
 * rooms (the web pages) ahead of the API.
 */
export const composeLocalApp = (deps: Deps, beside: readonly Mount[] = []) =>
  composeApps([paths(createWebhookApp(deps), WEBHOOK_PATH), under(createOpenReferralApp(deps), OPEN_REFERRAL_PREFIX), ...beside], createApp(deps));

export type LocalApp = ReturnType<typeof composeLocalApp>;
