// The local Stripe sandbox's rate limit, its 24-hour idempotency window, and its state kept across a restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { startStripeSandbox } from '../../local/stripe-sandbox/index.js';
import { STRIPE_API_VERSION } from '../../shared/stripe/gateway.js';
import { SECRET_KEY } from '../support/stripe-sandbox-kit.js';

describe('Class: StripeSandbox (rate limiting, expiry, persistence)', () => {
  it('answers 429 rate_limit beyond 25 requests per second when retries are disabled', async () => {
    // Prepare
    const sandbox = await startStripeSandbox({ port: 0 });
    const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });

    // Act
    const started = Date.now();
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, () => stripe.balance.retrieve()));
    const elapsedSeconds = (Date.now() - started) / 1000;
    await sandbox.close();

    // Assess: a full bucket of 25, plus whatever refilled (25 a second) while the burst was arriving.
    const limited = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(limited.length).toBeGreaterThan(0);
    expect(outcomes.length - limited.length).toBeLessThanOrEqual(25 + Math.ceil(elapsedSeconds * 25));
    for (const outcome of limited) {
      expect(outcome.reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
      expect(outcome.reason).toMatchObject({ statusCode: 429, code: 'rate_limit' });
    }
  });

  it('forgets an idempotency key once it is 24 hours old', async () => {
    // Prepare
    let clock = Date.UTC(2026, 0, 1);
    const sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, now: () => clock });
    const stripe = new Stripe(SECRET_KEY, { host: '127.0.0.1', port: sandbox.port, protocol: 'http', apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 });
    const account = await stripe.accounts.create({ capabilities: { transfers: { requested: true } }, controller: { stripe_dashboard: { type: 'express' }, losses: { payments: 'application' } }, tos_acceptance: { service_agreement: 'recipient' } });
    sandbox.completeOnboarding(account.id);
    const first = await stripe.transfers.create({ amount: 10, currency: 'gbp', destination: account.id }, { idempotencyKey: 'k' });
    clock += 24 * 60 * 60 * 1000;

    // Act
    const reused = await stripe.transfers.create({ amount: 20, currency: 'gbp', destination: account.id }, { idempotencyKey: 'k' });
    await sandbox.close();

    // Assess
    expect(reused.id).not.toBe(first.id);
    expect(reused.amount).toBe(20);
  });

  it('keeps accounts, transfers, balance and idempotency keys across a restart with a data file', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'stripe-sandbox-'));
    const dataFile = join(dir, 'state.json');
    const first = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, dataFile, initialBalancePence: 5_000 });
    const options = { host: '127.0.0.1', protocol: 'http' as const, apiVersion: STRIPE_API_VERSION, maxNetworkRetries: 0 };
    const before = new Stripe(SECRET_KEY, { ...options, port: first.port });
    const account = await before.accounts.create({ type: 'express', capabilities: { transfers: { requested: true } }, tos_acceptance: { service_agreement: 'recipient' } });
    first.completeOnboarding(account.id);
    const transfer = await before.transfers.create({ amount: 1_500, currency: 'gbp', destination: account.id }, { idempotencyKey: 'persisted' });
    await first.close();

    // Act
    const second = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, dataFile, initialBalancePence: 5_000 });
    const after = new Stripe(SECRET_KEY, { ...options, port: second.port });
    const replayed = await after.transfers.create({ amount: 1_500, currency: 'gbp', destination: account.id }, { idempotencyKey: 'persisted' });
    const balance = await after.balance.retrieve();
    await second.close();
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(replayed.id).toBe(transfer.id);
    expect(balance.available[0]?.amount).toBe(3_500);
    expect(second.accounts().map((a) => a.id)).toEqual([account.id]);
  });
});
