// Which Stripe to talk to: real keys (from the environment or Secrets Manager) or the local sandbox.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { StripeGatewayConfig } from './gateway.js';

const SecretShape = z.object({
  secretKey: z.string().startsWith('sk_'),
  /** The Connect endpoint's signing secret (account.updated from connected accounts). */
  webhookSecret: z.string().startsWith('whsec_'),
  /** The account endpoint's signing secret (transfer.reversed from the platform's own transfers). */
  platformWebhookSecret: z.string().startsWith('whsec_').optional(),
});

/** The local sandbox's fixed test key: it accepts any sk_test_ key, and it is never a real one. */
export const SANDBOX_SECRET_KEY = 'sk_test_pay_on_prescription_sandbox';

export const resolveStripeSettings = async (
  config: Config,
  secrets: () => SecretsManagerClient = () => new SecretsManagerClient({ region: config.AWS_REGION }),
): Promise<StripeGatewayConfig | undefined> => {
  if (config.STRIPE_SECRET_ARN) {
    // Read once at cold start and kept for the life of the process; never put in the environment.
    const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: config.STRIPE_SECRET_ARN }));
    const parsed = SecretShape.safeParse(JSON.parse(SecretString ?? '{}'));
    if (!parsed.success) {
      throw new Error('The Stripe secret must be JSON {"secretKey":"sk_…","webhookSecret":"whsec_…"}; set it with aws secretsmanager put-secret-value.');
    }
    const { secretKey, webhookSecret, platformWebhookSecret } = parsed.data;
    return { secretKey, webhookSecret, additionalWebhookSecrets: platformWebhookSecret ? [platformWebhookSecret] : [] };
  }
  if (config.STRIPE_SECRET_KEY) {
    if (!config.STRIPE_WEBHOOK_SECRET) throw new Error('STRIPE_WEBHOOK_SECRET must be set with STRIPE_SECRET_KEY.');
    return {
      secretKey: config.STRIPE_SECRET_KEY,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET,
      additionalWebhookSecrets: config.STRIPE_PLATFORM_WEBHOOK_SECRET ? [config.STRIPE_PLATFORM_WEBHOOK_SECRET] : [],
    };
  }
  if (config.STRIPE_SANDBOX_URL) {
    const url = new URL(config.STRIPE_SANDBOX_URL);
    return {
      secretKey: SANDBOX_SECRET_KEY,
      webhookSecret: config.STRIPE_WEBHOOK_SECRET ?? 'whsec_sandbox',
      sandbox: { host: url.hostname, port: Number(url.port || 80), protocol: url.protocol === 'https:' ? 'https' : 'http' },
    };
  }
  return undefined;
};
