// The bench's own platform, wired as `npm start` wires it: DynamoDB Local (in memory), the Stripe sandbox, and per table the composed app.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createWebApp, webMount, type DemoUser } from '../functions/web/index.js';
import type { ApiCall } from '../functions/web/options.js';
import { inProcessPayouts } from '../functions/payout-worker/dispatch.js';
import { buildDeps } from '../functions/runtime/build-deps.js';
import type { Deps } from '../functions/runtime/deps.js';
import { composeLocalApp, type LocalApp } from '../local/compose-app.js';
import { freePort, startDynamoDbLocal } from '../local/dynamodb.js';
import { startStripeSandbox } from '../local/stripe-sandbox/index.js';
import { loadConfig } from '../shared/config.js';
import type { Caller } from '../test/support/harness.js';
import { ensureTable } from '../shared/store/table.js';

/** Who a request is made as: the same shape the test harness signs tokens for. */
export type { Caller } from '../test/support/harness.js';

export interface BenchApp {
  readonly deps: Deps;
  /** The API with the webhook, ORUK and the web pages beside it, as `npm start` serves them. */
  readonly app: LocalApp;
  /** The demo users the local sign-in page lists; set them once the demo data is seeded. */
  demoUsers: readonly DemoUser[];
  /** A JSON request as `as` through `app.request`, with a bearer token from the local issuer. */
  call(method: string, path: string, as: Caller, body?: unknown): Promise<{ status: number; body: any }>;
  /** Serves the app on a free port and points the Stripe sandbox's webhooks at it (onboarding needs them). */
  listen(): Promise<void>;
}

export interface BenchPlatform {
  readonly dynamoEndpoint: string;
  /** A fresh table with its own deps and app; `wrapApi` sees every call the web pages make to the API. */
  tableApp(name: string, wrapApi?: (api: ApiCall) => ApiCall): Promise<BenchApp>;
  stop(): Promise<void>;
}

export const startBenchPlatform = async (): Promise<BenchPlatform> => {
  // EMF metrics are for CloudWatch; here they would only fill the console.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const dataDir = await mkdtemp(join(tmpdir(), 'pop-bench-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const dynamo = await startDynamoDbLocal();
  stops.push(() => dynamo.stop());
  const sandbox = await startStripeSandbox({ initialBalancePence: 1_000_000_000 });
  stops.push(() => sandbox.close());
  const sessionKey = new Uint8Array(randomBytes(32));

  const tableApp = async (name: string, wrapApi: (api: ApiCall) => ApiCall = (api) => api): Promise<BenchApp> => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      AUTH_MODE: 'local',
      STAGE: 'local',
      LOG_LEVEL: 'ERROR',
      TABLE_NAME: name,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      PUBLIC_URL: publicUrl,
      STRIPE_SANDBOX_URL: sandbox.url,
      STRIPE_WEBHOOK_SECRET: sandbox.webhookSecret,
      STRIPE_PLATFORM_WEBHOOK_SECRET: sandbox.platformWebhookSecret,
    });
    const deps = await buildDeps(config, { dataDir, inProcessPayouts });
    await ensureTable(deps.store.raw, name);
    stops.push(async () => deps.payouts?.idle());
    let demoUsers: readonly DemoUser[] = [];
    // The pages call the API in-process through the composed app, exactly as `npm start` does.
    const web = createWebApp({
      api: wrapApi((path, init) => app.request(path, init)),
      verifier: deps.verifier,
      auth: { mode: 'local', demoUsers: () => demoUsers },
      sessionKey,
      publicUrl,
    });
    const app = composeLocalApp(deps, [webMount(web)]);
    const bench: BenchApp = {
      deps,
      app,
      set demoUsers(users) {
        demoUsers = users;
      },
      get demoUsers() {
        return demoUsers;
      },
      async call(method, path, as, body) {
        const token = await deps.localIssuer!.issue(as);
        const response = await app.request(path, {
          method,
          headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : undefined };
      },
      async listen() {
        const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
        await new Promise<void>((listening) => server.once('listening', () => listening()));
        stops.push(() => new Promise<void>((done) => server.close(() => done())));
        sandbox.setWebhookUrl(`${publicUrl}/v1/stripe/webhook`);
      },
    };
    return bench;
  };

  return {
    dynamoEndpoint: dynamo.endpoint,
    tableApp,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error(error));
    },
  };
};
