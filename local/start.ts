// `npm start`: DynamoDB Local, the Stripe sandbox, the API and the webhook on one machine, with demo data.
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { loadConfig } from '../shared/config.js';
import { expireOverdueReferrals } from '../shared/store/expiry.js';
import { ensureTable } from '../shared/store/table.js';
import { backfillReferralLists } from '../shared/store/referral-index-backfill.js';
import { foldLegacyCounters } from '../shared/store/legacy-counters.js';
import { inProcessPayouts } from '../functions/payout-worker/dispatch.js';
import { buildDeps } from '../functions/runtime/build-deps.js';
import { composeLocalApp } from './compose-app.js';
import { JavaMissingError, startDynamoDbLocal, type DynamoDbLocal } from './dynamodb.js';
import { startStripeSandbox } from './stripe-sandbox/index.js';
import { resumePayoutRuns } from './resume-payouts.js';
import { loadOrCreateSecret } from './secrets.js';
import { seedDemoData } from './seed/seed.js';
import type { DemoSandbox } from './seed/stripe-payouts.js';
import { stripeClock } from './seed/stripe-clock.js';
import { demoFundLines } from './demo-funds.js';
import { createWebApp, sessionKeyFrom, webMount, type DemoUser } from '../functions/web/index.js';
import { seedNotificationAddresses } from './seed/notification-addresses.js';
import { startLocalNotifications } from './notify-sandbox/local-notifications.js';

// EMF metrics are for CloudWatch; on a developer machine they would only fill the console.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const env = process.env;
const port = Number(env.PORT ?? 3000);
const dataDir = resolve(env.DATA_DIR ?? '.data');
const dynamoPort = Number(env.DYNAMODB_PORT ?? 8000);

const stops: (() => Promise<void>)[] = [];
let stopping = false;
const shutdown = async (code: number) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  for (const stop of stops.reverse()) {
    await stop().catch((error: unknown) => console.error(error));
  }
  process.exit(code);
};
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

const main = async () => {
  // DynamoDB Local refuses a database directory that does not exist yet.
  await mkdir(resolve(dataDir, 'dynamodb'), { recursive: true });
  let dynamo: DynamoDbLocal;
  try {
    dynamo = await startDynamoDbLocal({ port: dynamoPort, dbPath: resolve(dataDir, 'dynamodb') });
  } catch (error) {
    if (error instanceof JavaMissingError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  stops.push(() => dynamo.stop());

  // Real Stripe when a key is set; otherwise the local Connect sandbox, its state kept under DATA_DIR.
  let sandboxEnv: Record<string, string> = {};
  let demoSandbox: DemoSandbox | undefined;
  if (!env.STRIPE_SECRET_KEY) {
    // Two endpoints at one URL, as the deploy steps register them: Connect events and the platform's own.
    const webhookSecret = await loadOrCreateSecret(resolve(dataDir, 'stripe-webhook-secret'), 'whsec_');
    const platformWebhookSecret = await loadOrCreateSecret(resolve(dataDir, 'stripe-platform-webhook-secret'), 'whsec_');
    // Real time, except while the seed replays the demo's history: then Stripe's clock follows the seed's.
    const clock = stripeClock();
    const sandbox = await startStripeSandbox({
      now: clock.now,
      port: Number(env.STRIPE_SANDBOX_PORT ?? 12111),
      dataFile: resolve(dataDir, 'stripe-sandbox.json'),
      initialBalancePence: Number(env.STRIPE_SANDBOX_BALANCE_PENCE ?? 100_000_000),
      webhookUrl: `http://127.0.0.1:${port}/v1/stripe/webhook`,
      webhookSecret,
      platformWebhookSecret,
    });
    stops.push(() => sandbox.close());
    demoSandbox = { clock, payOut: (accountId) => sandbox.payOut(accountId), webhooksIdle: () => sandbox.webhooksIdle() };
    sandboxEnv = { STRIPE_SANDBOX_URL: sandbox.url, STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_PLATFORM_WEBHOOK_SECRET: platformWebhookSecret };
  }

  const config = loadConfig({
    AUTH_MODE: 'local',
    STAGE: 'local',
    ...env,
    ...sandboxEnv,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    PUBLIC_URL: env.PUBLIC_URL ?? `http://localhost:${port}`,
  });
  // Approved runs are paid in this process: the payout worker's code, with no queue in between.
  // /health answers 503 "starting" from the first moment it listens until the table exists and is seeded.
  let ready = false;
  const deps = { ...(await buildDeps(config, { dataDir, inProcessPayouts })), ready: () => ready };
  // Notifications from the table's stream, through the Notify stand-in unless NOTIFY_API_KEY is set.
  const notifications = await startLocalNotifications({ store: deps.store, logger: deps.logger, env, dataDir, dynamoEndpoint: dynamo.endpoint, publicUrl: config.PUBLIC_URL!, reminderIntervalMs: Number(env.EXPIRY_INTERVAL_MS ?? 60_000) });
  stops.push(() => notifications.stop());
  // The web pages beside the API, calling it in-process; the sign-in page lists the demo users once seeded.
  let demoUsers: readonly DemoUser[] = [];
  const web = createWebApp({ api: (path, init) => app.request(path, init), verifier: deps.verifier, auth: { mode: 'local', demoUsers: () => demoUsers }, sessionKey: sessionKeyFrom(await loadOrCreateSecret(resolve(dataDir, 'web-session-secret'), '')), publicUrl: config.PUBLIC_URL ?? `http://localhost:${port}` });
  const app = composeLocalApp(deps, [...notifications.mounts, webMount(web)]);

  const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? '127.0.0.1' });
  stops.push(() => new Promise<void>((done) => server.close(() => done())));
  await new Promise<void>((listening) => server.once('listening', () => listening()));
  // A table kept from before the referral lists gets their indexes, and its referrals are put in them.
  if ((await ensureTable(deps.store.raw, config.TABLE_NAME)) === 'indexes_added') await backfillReferralLists(deps.store);
  // Counters kept from before write sharding are folded into shard 0; on any other table the scan finds none.
  const legacy = await foldLegacyCounters(deps.store);
  if (legacy.folded > 0) console.log(`Folded ${legacy.folded.toLocaleString('en-GB')} counter items from before write sharding into shard 0.`);

  // Runs approved before a stop carry on where they were.
  if (deps.payouts) await resumePayoutRuns(deps.store, deps.payouts);
  stops.push(async () => deps.payouts?.idle());

  const seeded = deps.localIssuer ? await seedDemoData(deps, { sandbox: demoSandbox }) : undefined;
  demoUsers = seeded?.users ?? [];
  if (deps.localIssuer) await seedNotificationAddresses(app, deps.localIssuer, deps.store);
  ready = true;
  // Locally a timer stands in for the EventBridge schedule that expires unanswered referrals. It starts
  // after seeding: the seed replays three months of history on its own clock, and an expiry run on the
  // real clock in the middle would expire referrals the seed is about to answer.
  const expire = () =>
    expireOverdueReferrals(deps.store, deps.clock(), deps.ids).catch((error: unknown) => deps.logger.error('expiry run failed', { error }));
  const expiryTimer = setInterval(() => void expire(), Number(env.EXPIRY_INTERVAL_MS ?? 60_000));
  stops.push(async () => clearInterval(expiryTimer));
  void expire();
  // After seeding, so it does not slow it: the stream is read from its start, the seed's events included.
  await notifications.startNotifier();
  const url = `http://localhost:${port}`;
  console.log(`\nPay on Prescription is running at ${url}`);
  console.log(`  API docs:      ${url}/docs`);
  console.log(`  Health:        ${url}/health`);
  console.log(`  DynamoDB Local ${dynamo.endpoint} (data in ${dataDir})`);
  console.log(`  Notify         ${notifications.description}`);
  console.log(`  Stripe         ${sandboxEnv.STRIPE_SANDBOX_URL ? `local Connect sandbox at ${sandboxEnv.STRIPE_SANDBOX_URL}` : 'real Stripe (STRIPE_SECRET_KEY)'}`);
  if (seeded) {
    console.log(seeded.seededNow ? '\nDemo data seeded. Demo users:' : '\nDemo users (data kept from an earlier start):');
    for (const user of seeded.users) {
      console.log(`  ${user.sub.padEnd(22)} ${user.roles.join(',').padEnd(13)} ${user.organisation ?? ''.padEnd(30)}  ${user.description}`);
    }
    const funds = await demoFundLines(deps.store, seeded.users);
    if (funds.length > 0) console.log(['\nDemo fund:', ...funds].join('\n'));
    const example = seeded.users.find((u) => u.roles.includes('vcse'));
    if (example) {
      console.log('\nGet a token for any of them, for example:');
      console.log(
        `  curl -s -X POST ${url}/v1/dev/token -H 'content-type: application/json' -d '${JSON.stringify({ sub: example.sub, roles: example.roles, organisationId: example.organisation })}'`,
      );
    }
  }
  console.log('\nPress Ctrl-C to stop.');
};

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
});
