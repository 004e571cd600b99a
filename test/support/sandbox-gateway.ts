// The project's Stripe gateway pointed at a local sandbox, as the payout tests and the payout bench meet it.
import type { StripeSandbox } from '../../local/stripe-sandbox/index.js';
import { createStripeGateway, type StripeGateway } from '../../shared/stripe/gateway.js';
import { SANDBOX_SECRET_KEY } from '../../shared/stripe/settings.js';

export const sandboxGateway = (sandbox: StripeSandbox, timeoutMs: number): StripeGateway => {
  const url = new URL(sandbox.url);
  return createStripeGateway({
    secretKey: SANDBOX_SECRET_KEY,
    webhookSecrets: { connect: sandbox.webhookSecret, account: sandbox.platformWebhookSecret },
    sandbox: { host: url.hostname, port: Number(url.port), protocol: 'http' },
    timeoutMs,
  });
};
