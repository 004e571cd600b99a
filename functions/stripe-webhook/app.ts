// Stripe webhooks: their own trust boundary. The raw body's signature is checked against either
// endpoint's secret, each event id is applied at most once (its record is written in the same
// transaction as its effect), and what cannot be applied is answered on purpose (docs/stripe.md):
//
//   not signed, or signed an hour ahead         400, counted as a signature failure (Stripe retries)
//   signed, no id                                400, counted: it cannot be applied exactly once
//   signed, rendered in another API version      400, counted: fix the endpoint's pinned version
//   signed, malformed / mismatched / unknown     200 `ignored`, recorded, counted when malformed or mismatched
//   signed, waits on our own state               503 (Stripe delivers it again later)
import { Hono } from 'hono';
import { AppError } from '../../shared/domain/errors.js';
import { recordStripeEvent } from '../../shared/store/stripe-accounts.js';
import { STRIPE_API_VERSION, type StripeWebhookEvent } from '../../shared/stripe/gateway.js';
import type { AppEnv } from '../runtime/env.js';
import { METRIC } from '../runtime/metrics.js';
import { applyEvent, type Applied } from './apply-event.js';

export const WEBHOOK_PATH = '/v1/stripe/webhook';
export { WEBHOOK_ACTOR } from './apply-event.js';
export type { WebhookOutcome } from './apply-event.js';

export const createWebhookRoutes = () =>
  new Hono<AppEnv>().post(WEBHOOK_PATH, async (c) => {
    const deps = c.get('deps');
    const logger = c.get('logger');
    if (!deps.stripe) throw new AppError('stripe_unconfigured', 'Stripe is not configured on this deployment.');
    const signature = c.req.header('stripe-signature');
    if (!signature) {
      deps.metrics.count(METRIC.webhookSignatureFailures);
      throw new AppError('validation_failed', 'The Stripe-Signature header is missing.');
    }
    // The exact bytes Stripe signed; hono/aws-lambda has already base64-decoded API Gateway's encoding.
    const raw = await c.req.text();
    // The wall clock, not the injected business clock: a signature's age and skew are about real time.
    const verified = await deps.stripe.verifyWebhook(raw, signature, Date.now()).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'validation_failed') deps.metrics.count(METRIC.webhookSignatureFailures);
      throw error;
    });

    if (verified.kind === 'malformed') {
      deps.metrics.count(METRIC.webhookEventsUnprocessable);
      logger.error('stripe event malformed', { stripeEventId: verified.id, type: verified.type, endpoint: verified.endpoint, reason: verified.reason });
      // Without an id there is nothing to deduplicate on: two such events must not share one record.
      if (!verified.id) throw new AppError('validation_failed', `The Stripe event cannot be applied: ${verified.reason}.`);
      const recorded = await recordStripeEvent(deps.store, verified.id, deps.clock().toISOString(), `ignored: malformed (${verified.reason})`);
      return c.json({ received: true, outcome: recorded ? 'ignored' : 'duplicate', reason: `malformed: ${verified.reason}` }, 200);
    }

    const { event } = verified;
    if (event.apiVersion !== STRIPE_API_VERSION) {
      deps.metrics.count(METRIC.webhookEventsUnprocessable);
      logger.error('stripe event in another API version', { stripeEventId: event.id, apiVersion: event.apiVersion, endpoint: event.endpoint });
      throw new AppError('validation_failed', `The event is rendered in API version ${event.apiVersion ?? 'none'}; pin the ${event.endpoint} endpoint to ${STRIPE_API_VERSION}.`);
    }
    const applied = await applyEvent(deps, event);
    report(deps, logger, event, applied);
    return c.json({ received: true, outcome: applied.outcome, ...(applied.reason ? { reason: applied.reason } : {}) }, 200);
  });

const report = (deps: { metrics: { count(name: typeof METRIC.webhookEventsUnprocessable): void } }, logger: AppEnv['Variables']['logger'], event: StripeWebhookEvent, applied: Applied) => {
  const fields = { stripeEventId: event.id, type: event.type, endpoint: event.endpoint, outcome: applied.outcome, reason: applied.reason };
  if (applied.unprocessable) {
    deps.metrics.count(METRIC.webhookEventsUnprocessable);
    logger.error('stripe event not applied', fields);
  } else {
    logger.info('stripe event', fields);
  }
};
