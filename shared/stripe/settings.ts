// Which Stripe to talk to: real keys (from the environment or Secrets Manager), the local sandbox, or not yet configured.
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Config } from '../config.js';
import type { StripeGatewayConfig } from './gateway.js';

/** The local sandbox's fixed test key: it accepts any sk_test_ key, and it is never a real one. */
export const SANDBOX_SECRET_KEY = 'sk_test_pay_on_prescription_sandbox';

/**
 * What real values look like. Anything else (`REPLACE_ME`, `sk_live_...` copied from the docs, an
 * empty string) is a placeholder and counts as unset: the functions start, and Stripe is
 * `unconfigured` until an operator stores real keys.
 */
const REAL_SECRET_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/;
const REAL_WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/=]{8,}$/;

export const isRealSecretKey = (value: unknown): value is string => typeof value === 'string' && REAL_SECRET_KEY.test(value);
export const isRealWebhookSecret = (value: unknown): value is string => typeof value === 'string' && REAL_WEBHOOK_SECRET.test(value);

export type StripeSettings =
  | { readonly state: 'configured'; readonly settings: StripeGatewayConfig }
  | { readonly state: 'unconfigured'; readonly reason: string };

/** The secret's JSON, with each value that is not real dropped. */
const fromValues = (values: Record<string, unknown>, where: string, config: Config): StripeSettings => {
  if (!isRealSecretKey(values.secretKey)) return { state: 'unconfigured', reason: `${where} holds no real Stripe secret key (sk_… or rk_…)` };
  if (!isRealWebhookSecret(values.webhookSecret)) return { state: 'unconfigured', reason: `${where} holds no real Connect webhook signing secret (whsec_…)` };
  return {
    state: 'configured',
    settings: {
      secretKey: values.secretKey,
      webhookSecrets: {
        connect: values.webhookSecret,
        account: isRealWebhookSecret(values.platformWebhookSecret) ? values.platformWebhookSecret : undefined,
      },
      accountSetup: config.STRIPE_ACCOUNT_SETUP,
    },
  };
};

/**
 * Reads the settings; called on first use, not at cold start, so every function starts without
 * Stripe. Undefined when this process has no Stripe at all (no secret, key or sandbox named).
 */
export const resolveStripeSettings = async (
  config: Config,
  secrets: () => SecretsManagerClient = () => new SecretsManagerClient({ region: config.AWS_REGION }),
): Promise<StripeSettings | undefined> => {
  if (config.STRIPE_SECRET_ARN) {
    const { SecretString } = await secrets().send(new GetSecretValueCommand({ SecretId: config.STRIPE_SECRET_ARN }));
    let values: unknown;
    try {
      values = JSON.parse(SecretString ?? '{}');
    } catch {
      return { state: 'unconfigured', reason: 'the Stripe secret is not JSON {"secretKey","webhookSecret","platformWebhookSecret"}' };
    }
    return fromValues(typeof values === 'object' && values !== null ? (values as Record<string, unknown>) : {}, 'the Stripe secret', config);
  }
  if (config.STRIPE_SECRET_KEY) {
    return fromValues(
      { secretKey: config.STRIPE_SECRET_KEY, webhookSecret: config.STRIPE_WEBHOOK_SECRET, platformWebhookSecret: config.STRIPE_PLATFORM_WEBHOOK_SECRET },
      'the environment',
      config,
    );
  }
  if (config.STRIPE_SANDBOX_URL) {
    const url = new URL(config.STRIPE_SANDBOX_URL);
    return {
      state: 'configured',
      settings: {
        secretKey: SANDBOX_SECRET_KEY,
        webhookSecrets: { connect: config.STRIPE_WEBHOOK_SECRET ?? 'whsec_sandbox', account: config.STRIPE_PLATFORM_WEBHOOK_SECRET },
        accountSetup: config.STRIPE_ACCOUNT_SETUP,
        sandbox: { host: url.hostname, port: Number(url.port || 80), protocol: url.protocol === 'https:' ? 'https' : 'http' },
      },
    };
  }
  return undefined;
};
