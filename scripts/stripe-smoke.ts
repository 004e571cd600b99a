// `npm run stripe:smoke [-- --account acct_…]`: proves a Stripe test-mode key works with this code before the first real payout run.
//
// Without --account: creates a connected account as onboarding does, and an Account Link to
// finish it in a browser. With --account (an account already onboarded in test mode): a transfer of
// 1p under an idempotency key, the same request again (Stripe must replay it, not pay twice), and
// the platform balance. Refuses a live key: this moves money.
import { parseArgs } from 'node:util';
import { formatDate, formatMoney } from '../shared/domain/format.js';
import { ACCOUNT_SETUPS, DEFAULT_ACCOUNT_SETUP, type AccountSetup } from '../shared/stripe/account-setup.js';
import { createStripeGateway, keyMode, type StripeGateway } from '../shared/stripe/gateway.js';

export interface SmokeOptions {
  readonly env: Record<string, string | undefined>;
  readonly argv: readonly string[];
  readonly log: (line: string) => void;
  /** The run's own unique suffix for idempotency keys (a timestamp by default). */
  readonly runId?: string;
}

const fail = (log: (line: string) => void, message: string): number => {
  log(message);
  return 1;
};


/** Runs the smoke test; returns the exit code. */
export const runSmoke = async ({ env, argv, log, runId = String(Date.now()) }: SmokeOptions): Promise<number> => {
  let account: string | undefined;
  try {
    account = parseArgs({ args: [...argv], options: { account: { type: 'string' } }, strict: true }).values.account;
  } catch (error) {
    return fail(log, `${error instanceof Error ? error.message : String(error)}. Usage: npm run stripe:smoke [-- --account acct_…]`);
  }
  const key = env.STRIPE_SECRET_KEY;
  if (!key) return fail(log, 'STRIPE_SECRET_KEY is not set. Set it to a test-mode secret key (sk_test_…) from the Stripe Dashboard, then run this again.');
  if (keyMode(key) === 'live') return fail(log, 'Refusing a live Stripe key: this smoke test creates accounts and moves money. Use a test-mode key (sk_test_…).');
  if (!/^(sk|rk)_test_/.test(key)) return fail(log, 'STRIPE_SECRET_KEY does not look like a Stripe test-mode key (sk_test_… or rk_test_…).');
  if (account !== undefined && !/^acct_[A-Za-z0-9]+$/.test(account)) return fail(log, `--account must be a connected account id such as acct_1Abc…, not "${account}".`);
  const setup = (env.STRIPE_ACCOUNT_SETUP ?? DEFAULT_ACCOUNT_SETUP) as AccountSetup;
  if (!ACCOUNT_SETUPS.includes(setup)) return fail(log, `STRIPE_ACCOUNT_SETUP must be one of ${ACCOUNT_SETUPS.join(', ')}.`);

  const sandbox = env.STRIPE_SANDBOX_URL ? new URL(env.STRIPE_SANDBOX_URL) : undefined;
  const stripe: StripeGateway = createStripeGateway({
    secretKey: key,
    // No webhook is verified here.
    webhookSecrets: { connect: 'whsec_smoke_test_unused' },
    accountSetup: setup,
    ...(sandbox ? { sandbox: { host: sandbox.hostname, port: Number(sandbox.port), protocol: sandbox.protocol === 'https:' ? 'https' : 'http' } } : {}),
  });
  const base = env.PUBLIC_URL ?? 'https://example.org';
  try {
    if (!account) {
      const created = await stripe.createConnectedAccount({ organisationId: `smoke-test-${runId}`, idempotencyKey: `smoke-account-${runId}` });
      log(`Created connected account ${created.id} (${setup} setup, GB, Express dashboard).`);
      const link = await stripe.createAccountLink({ accountId: created.id, refreshUrl: `${base}/onboarding-refresh`, returnUrl: `${base}/onboarding-complete` });
      log(`Account Link (valid for a few minutes, until ${formatDate(new Date(link.expiresAt * 1000))} ${new Date(link.expiresAt * 1000).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}): ${link.url}`);
      log(`Open it, complete test onboarding, then run: npm run stripe:smoke -- --account ${created.id}`);
      return 0;
    }
    const state = await stripe.retrieveAccount(account);
    log(`Account ${account}: transfers capability ${state.transfersCapability}, payouts ${state.payoutsEnabled ? 'enabled' : 'not enabled'}.`);
    const request = { amountPence: 1, destination: account, transferGroup: `smoke-${runId}`, metadata: { purpose: 'stripe:smoke' }, idempotencyKey: `smoke-transfer-${runId}` };
    const first = await stripe.createTransfer(request);
    log(`Transferred 1p to ${account}: ${first.id} (idempotency key ${request.idempotencyKey}).`);
    const again = await stripe.createTransfer(request);
    if (again.id !== first.id || !again.replayed) {
      return fail(log, `The same request made transfer ${again.id}${again.replayed ? '' : ' (not a replay)'}: idempotency keys are not working. Stop and investigate before any payout run.`);
    }
    log(`Sent the same request again: Stripe replayed ${again.id}, nothing was paid twice.`);
    log(`Platform balance available: ${formatMoney(await stripe.getBalancePence())}.`);
    log('Smoke test passed.');
    return 0;
  } catch (error) {
    const reason = (error as { reason?: string }).reason ?? 'unknown';
    const cause = (error as { cause?: unknown }).cause;
    return fail(log, `Stripe refused (${reason}): ${cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error)}`);
  }
};

if (process.argv[1] && /stripe-smoke\.ts$/.test(process.argv[1])) {
  process.exitCode = await runSmoke({ env: process.env, argv: process.argv.slice(2), log: (line) => console.log(line) });
}
