// `npm run stripe:smoke` against the sandbox (the SDK pointed at it), and its refusals.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeSandbox, type StripeSandbox } from '../../local/stripe-sandbox/index.js';
import { runSmoke } from '../../scripts/stripe-smoke.js';
import { shapeRecorder } from '../support/stripe-shapes.js';

const shapes = shapeRecorder();
let sandbox: StripeSandbox;
beforeAll(async () => {
  sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, observe: shapes.observe, log: () => undefined });
});
afterAll(async () => {
  await sandbox.close();
  expect(shapes.problems()).toEqual([]);
});

const smoke = async (env: Record<string, string | undefined>, argv: string[] = [], runId = 'run1') => {
  const lines: string[] = [];
  const code = await runSmoke({ env: { STRIPE_SANDBOX_URL: sandbox.url, ...env }, argv, log: (line) => lines.push(line), runId });
  return { code, out: lines.join('\n') };
};

describe('Script: stripe-smoke', () => {
  it('creates a connected account and an Account Link, and says what to do next', async () => {
    const { code, out } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_smoke' });
    const [account] = sandbox.accounts();
    expect(code).toBe(0);
    expect(account).toMatchObject({ capabilities: { transfers: 'inactive' }, tos_acceptance: { service_agreement: 'recipient' } });
    expect(out).toContain(`Created connected account ${account!.id} (recipient setup`);
    expect(out).toMatch(new RegExp(`Account Link .*: ${sandbox.url}/connect/onboard/`));
    expect(out).toContain(`npm run stripe:smoke -- --account ${account!.id}`);
  });

  it('given an onboarded account, transfers 1p under an idempotency key, replays it without paying twice, and reads the balance', async () => {
    const accountId = sandbox.accounts()[0]!.id;
    sandbox.completeOnboarding(accountId);
    const before = sandbox.balance();
    const { code, out } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_smoke' }, ['--account', accountId], 'run2');
    const transfers = sandbox.transfers().filter((t) => t.destination === accountId);
    expect(code).toBe(0);
    expect(transfers).toHaveLength(1);
    expect(transfers[0]).toMatchObject({ amount: 1, currency: 'gbp', transfer_group: 'smoke-run2' });
    expect(sandbox.balance()).toBe(before - 1);
    expect(out).toContain(`Transferred 1p to ${accountId}: ${transfers[0]!.id} (idempotency key smoke-transfer-run2)`);
    expect(out).toContain(`Stripe replayed ${transfers[0]!.id}, nothing was paid twice`);
    expect(out).toMatch(/Platform balance available: £[\d,]+\.\d\d\./);
    expect(out).toContain('Smoke test passed.');
  });

  it('says plainly when Stripe refuses, for an account that cannot receive transfers', async () => {
    const { code, out } = await smoke({ STRIPE_SECRET_KEY: 'sk_test_smoke' }, ['--account', 'acct_1NotConnected'], 'run3');
    expect(code).toBe(1);
    expect(out).toMatch(/^Stripe refused \(account_invalid\)/m);
  });

  it.each([
    ['a missing key', {}, /STRIPE_SECRET_KEY is not set/],
    ['a live secret key', { STRIPE_SECRET_KEY: 'sk_live_51RealLookingKey' }, /Refusing a live Stripe key/],
    ['a live restricted key', { STRIPE_SECRET_KEY: 'rk_live_51RealLookingKey' }, /Refusing a live Stripe key/],
    ['a publishable key', { STRIPE_SECRET_KEY: 'pk_test_51Publishable' }, /does not look like a Stripe test-mode key/],
  ])('refuses %s, sending nothing to Stripe', async (_what, env, message) => {
    const accounts = sandbox.accounts().length;
    const transfers = sandbox.transfers().length;
    const { code, out } = await smoke(env);
    expect(code).toBe(1);
    expect(out).toMatch(message);
    expect([sandbox.accounts().length, sandbox.transfers().length]).toEqual([accounts, transfers]);
  });

  it('exits 1 from the npm script with a live key', async () => {
    const run = promisify(execFile)('npm', ['run', '--silent', 'stripe:smoke'], { env: { ...process.env, STRIPE_SECRET_KEY: 'sk_live_51RealLookingKey', STRIPE_SANDBOX_URL: sandbox.url } });
    await expect(run).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/Refusing a live Stripe key/) });
  });
});
