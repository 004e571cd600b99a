// Runs the Stripe sandbox on its own: `npx tsx local/stripe-sandbox/main.ts` (settings from the environment).
//
//   STRIPE_SANDBOX_PORT            default 12111
//   STRIPE_SANDBOX_DATA_FILE       default .data/stripe-sandbox.json ("" keeps state in memory only)
//   STRIPE_SANDBOX_BALANCE_PENCE   default 100000000 (£1,000,000)
//   STRIPE_SANDBOX_RATE_LIMIT      requests per second, default 25 (0 disables)
//   STRIPE_SANDBOX_WEBHOOK_URL     where to POST events, e.g. http://127.0.0.1:3000/v1/stripe/webhook
//   STRIPE_WEBHOOK_SECRET          the Connect endpoint's signing secret (generated and printed when unset)
//   STRIPE_PLATFORM_WEBHOOK_SECRET the account endpoint's signing secret (likewise)
import { startStripeSandbox } from './sandbox.js';

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return Number(raw);
}

const dataFile = process.env.STRIPE_SANDBOX_DATA_FILE ?? '.data/stripe-sandbox.json';
const sandbox = await startStripeSandbox({
  port: intFromEnv('STRIPE_SANDBOX_PORT', 12111),
  dataFile: dataFile === '' ? undefined : dataFile,
  initialBalancePence: intFromEnv('STRIPE_SANDBOX_BALANCE_PENCE', 100_000_000),
  rateLimitPerSecond: intFromEnv('STRIPE_SANDBOX_RATE_LIMIT', 25),
  webhookUrl: process.env.STRIPE_SANDBOX_WEBHOOK_URL || undefined,
  webhookSecret: process.env.STRIPE_WEBHOOK_SECRET || undefined,
  platformWebhookSecret: process.env.STRIPE_PLATFORM_WEBHOOK_SECRET || undefined,
});
console.log(`Stripe sandbox listening on ${sandbox.url} (Connect endpoint secret ${sandbox.webhookSecret}, account endpoint secret ${sandbox.platformWebhookSecret})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
