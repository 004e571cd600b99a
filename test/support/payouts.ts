// A harness with Stripe: the local sandbox, the real SDK through the gateway, and the API listening
// on a loopback port so the sandbox can deliver signed webhooks to it.
import { serve, type ServerType } from '@hono/node-server';
import { expect } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../../local/stripe-sandbox/index.js';
import { createInProcessDispatcher } from '../../functions/payout-worker/dispatch.js';
import type { Deps } from '../../functions/runtime/deps.js';
import type { PayoutDispatcher } from '../../functions/runtime/payouts.js';
import { createPacer } from '../../functions/payout-worker/pacer.js';
import type { PayoutWorkerDeps } from '../../functions/payout-worker/pay-run.js';
import { applyAccountState, linkStripeAccount } from '../../shared/store/stripe-accounts.js';
import type { StripeGateway } from '../../shared/stripe/gateway.js';
import { ADMIN, userOf } from './builders.js';
import { sandboxGateway } from './sandbox-gateway.js';
import { shapeRecorder } from './stripe-shapes.js';
import { createHarness, type Caller, type Harness } from './harness.js';

export interface PayoutHarness extends Harness {
  readonly sandbox: StripeSandbox;
  readonly stripe: StripeGateway;
  readonly worker: PayoutWorkerDeps;
  readonly payouts: PayoutDispatcher;
  readonly baseUrl: string;
}

export const createPayoutHarness = async (
  options: {
    rateLimitPerSecond?: number;
    transfersPerSecond?: number;
    worker?: Partial<PayoutWorkerDeps>;
    sandboxNow?: () => number;
    /** Where approved runs go instead of the in-process worker (a queue stand-in). */
    payouts?: (worker: PayoutWorkerDeps) => PayoutDispatcher;
    /** More of the API's dependencies (a member directory, a membership check). */
    deps?: Partial<Deps>;
  } = {},
): Promise<PayoutHarness> => {
  // Every answer and event the sandbox gives in these tests is checked against the SDK's types.
  const shapes = shapeRecorder();
  const sandbox = await startStripeSandbox({
    port: 0,
    observe: shapes.observe,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
    log: () => undefined,
    webhookRetryDelaysMs: [50, 200],
    ...(options.sandboxNow ? { now: options.sandboxNow } : {}),
  });
  const stripe = sandboxGateway(sandbox, 2_000);
  let worker!: PayoutWorkerDeps;
  let payouts!: PayoutDispatcher;
  // Listen first, so the app's public URL (for Stripe's return links) is known when it is built.
  let app: Harness['app'] | undefined;
  const server: ServerType = serve({ fetch: (request) => app!.fetch(request), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const h = await createHarness((base) => {
    worker = { store: base.store, stripe, logger: base.logger, clock: base.clock, ids: base.ids, metrics: base.metrics, pacer: createPacer(options.transfersPerSecond ?? 1000), ...options.worker };
    payouts = options.payouts ? options.payouts(worker) : createInProcessDispatcher(worker);
    return { stripe, payouts, publicUrl: baseUrl, ...options.deps };
  });
  app = h.app;
  sandbox.setWebhookUrl(`${baseUrl}/v1/stripe/webhook`);
  return {
    ...h,
    sandbox,
    stripe,
    worker,
    payouts,
    baseUrl,
    async close() {
      await payouts.idle();
      await sandbox.webhooksIdle();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sandbox.close();
      await h.close();
      expect(shapes.problems(), 'the sandbox answered in shapes the stripe SDK does not declare').toEqual([]);
    },
  };
};

/** Polls until `check` returns a value, or fails after `ms`. */
export const eventually = async <T>(what: string, check: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** A VCSE completes Stripe onboarding as a user would: ask for the link, open it, wait for the webhook. */
export const onboard = async (h: PayoutHarness, organisationId: string): Promise<string> => {
  const vcse = userOf(organisationId, 'vcse');
  const started = await h.call('POST', `/v1/organisations/${organisationId}/stripe-onboarding`, { as: vcse });
  expect(started.status, JSON.stringify(started.body)).toBe(200);
  const opened = await fetch(started.body.url, { redirect: 'follow' });
  expect(opened.ok).toBe(true);
  return eventually('payouts to be enabled', async () => {
    const org = await h.call('GET', `/v1/organisations/${organisationId}`, { as: ADMIN });
    return org.body.payoutsEnabled ? (org.body.stripeAccountId as string) : undefined;
  });
};

/**
 * A VCSE onboarded at the sandbox without the browser round trip (for tests that need hundreds):
 * the account is created and completed at Stripe, and the platform records it as the webhook would.
 */
export const onboardQuickly = async (h: PayoutHarness, organisationId: string): Promise<string> => {
  const { id: accountId } = await h.stripe.createConnectedAccount({ organisationId, idempotencyKey: `acct-${organisationId}` });
  const at = new Date().toISOString();
  await linkStripeAccount(h.deps.store, organisationId, accountId, { at, actor: 'test', eventId: h.deps.ids('event', new Date(at)) });
  await applyAccountState(h.deps.store, organisationId, { accountId, payoutsEnabled: true, transfersCapability: 'active' }, { at, actor: 'test', eventId: h.deps.ids('event', new Date(at)), stripeEventId: `evt_setup_${organisationId}` });
  h.sandbox.completeOnboarding(accountId);
  return accountId;
};

/** `fn` over `items`, `size` at a time. */
export const inBatches = async <T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
};

/** Waits until the run's worker has finished with it. */
export const settled = async (h: PayoutHarness, runId: string, as: Caller) => {
  await h.payouts.idle();
  return eventually('the run to settle', async () => {
    const run = await h.call('GET', `/v1/payout-runs/${runId}`, { as });
    return ['paid', 'paid_with_failures'].includes(run.body.status) ? run.body : undefined;
  });
};
