// A gateway that reads Stripe's settings on first use, so a function starts (and /health answers) before the keys are stored.
//
//   first call ──▶ load settings ──configured──▶ real gateway, kept for the life of the process
//                               └─unconfigured─▶ StripeGatewayError stripe_unconfigured (503);
//                                                looked at again after RECHECK_MS, so keys stored
//                                                with put-secret-value take effect within a minute
import type { Config } from '../config.js';
import { AppError } from '../domain/errors.js';
import { stripeUnconfigured } from './errors.js';
import { createStripeGateway, type StripeGateway, type StripeGatewayConfig } from './gateway.js';
import type { Deadline } from '../retry/retry.js';
import { resolveStripeSettings, type StripeSettings } from './settings.js';

export const RECHECK_MS = 60_000;

export const createLazyStripeGateway = (
  load: () => Promise<StripeSettings>,
  options: { now?: () => number; build?: (settings: StripeGatewayConfig) => StripeGateway } = {},
): StripeGateway => {
  const now = options.now ?? Date.now;
  const build = options.build ?? createStripeGateway;
  let gateway: StripeGateway | undefined;
  let unconfiguredUntil = 0;
  let unconfiguredBecause = 'the settings have not been read';
  let loading: Promise<StripeGateway | undefined> | undefined;

  const resolve = async (): Promise<StripeGateway | undefined> => {
    if (gateway) return gateway;
    if (now() < unconfiguredUntil) return undefined;
    loading ??= (async () => {
      let settings: StripeSettings;
      try {
        settings = await load();
      } catch (error) {
        // Secrets Manager did not answer: nothing is cached, the next call asks again.
        throw new AppError('unavailable', 'The Stripe keys could not be read; please try again shortly.', { cause: error });
      }
      if (settings.state === 'unconfigured') {
        unconfiguredUntil = now() + RECHECK_MS;
        unconfiguredBecause = settings.reason;
        return undefined;
      }
      gateway = build(settings.settings);
      return gateway;
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const bound = (deadline: Deadline | undefined): StripeGateway => {
    const use = async (): Promise<StripeGateway> => {
      const real = await resolve();
      if (!real) throw stripeUnconfigured(unconfiguredBecause);
      return deadline ? real.withDeadline(deadline) : real;
    };
    return {
      withDeadline: (next) => bound(next),
      status: async () => ((await resolve()) ? (await use()).status() : { state: 'unconfigured' }),
      createConnectedAccount: async (input) => (await use()).createConnectedAccount(input),
      createAccountLink: async (input) => (await use()).createAccountLink(input),
      retrieveAccount: async (accountId) => (await use()).retrieveAccount(accountId),
      createTransfer: async (input) => (await use()).createTransfer(input),
      getBalancePence: async () => (await use()).getBalancePence(),
      findTransfer: async (input) => (await use()).findTransfer(input),
      transfersInPayout: async (input) => (await use()).transfersInPayout(input),
      verifyWebhook: async (rawBody, signature, receivedAtMs) => (await use()).verifyWebhook(rawBody, signature, receivedAtMs),
    };
  };
  return bound(undefined);
};

/** The process's Stripe: none when configuration names no Stripe at all, else a gateway that reads its keys on first use. */
export const stripeFromConfig = (config: Config, load: (config: Config) => Promise<StripeSettings | undefined> = resolveStripeSettings): StripeGateway | undefined =>
  config.STRIPE_SECRET_ARN || config.STRIPE_SECRET_KEY || config.STRIPE_SANDBOX_URL
    ? createLazyStripeGateway(async () => (await load(config)) ?? { state: 'unconfigured', reason: 'no Stripe is named' })
    : undefined;
