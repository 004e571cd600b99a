// The Stripe sandbox as its tests meet it: a sandbox with webhooks to a small receiver, the real SDK
// and the project's gateway pointed at it, and polling helpers (no fixed sleeps).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, expect } from 'vitest';
import { type StripeSandbox, startStripeSandbox } from '../../local/stripe-sandbox/index.js';
import {
  STRIPE_API_VERSION,
  type StripeGateway,
  type StripeGatewayConfig,
  type StripeWebhookEvent,
  type VerifiedWebhook,
  createStripeGateway,
} from '../../shared/stripe/gateway.js';
import { shapeRecorder } from './stripe-shapes.js';

export const SECRET_KEY = 'sk_test_sandbox_integration';

export interface Received {
  path: string;
  body: string;
  signature: string;
}

/** A tiny webhook endpoint: records each POST and answers the next queued status (200 by default). */
export async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'POST') {
        received.push({
          path: req.url ?? '/',
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['stripe-signature'] ?? ''),
        });
      }
      res.writeHead(req.method === 'POST' ? (statuses.shift() ?? 200) : 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, statuses, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Polls until `probe` returns something, or fails after the deadline. No fixed sleeps. */
export async function eventually<T>(probe: () => T | undefined, deadlineMs = 5_000): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The event of a verified webhook; fails the test if the gateway called it malformed. */
export function eventOf(verified: VerifiedWebhook): StripeWebhookEvent {
  if (verified.kind !== 'event') throw new Error(`expected an event, got malformed: ${verified.reason}`);
  return verified.event;
}

export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export interface SandboxKit {
  readonly sandbox: StripeSandbox;
  readonly receiver: Awaited<ReturnType<typeof startReceiver>>;
  readonly gateway: StripeGateway;
  sdk(options?: { retries?: number; timeout?: number; key?: string }): Stripe;
  gatewayWith(config?: Partial<StripeGatewayConfig>): StripeGateway;
  /** A transfer group no other test uses. */
  newGroup(): string;
  transfersIn(group: string): ReturnType<StripeSandbox['transfers']>;
  /** A connected account that has completed onboarding (its transfers capability active). */
  onboardedAccount(): Promise<string>;
}

/** Starts a sandbox and a receiver for the calling test file (beforeAll) and stops them after it (afterAll). */
export const useSandbox = (): SandboxKit => {
  // Every answer and event of the file's sandbox, faults included, is checked against the SDK's types.
  const shapes = shapeRecorder();
  let sandbox: StripeSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let gateway: StripeGateway;

  const sdk = (options: { retries?: number; timeout?: number; key?: string } = {}) =>
    new Stripe(options.key ?? SECRET_KEY, {
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
      apiVersion: STRIPE_API_VERSION,
      maxNetworkRetries: options.retries ?? 0,
      ...(options.timeout ? { timeout: options.timeout } : {}),
    });
  const gatewayWith = (config: Partial<StripeGatewayConfig> = {}) =>
    createStripeGateway({
      secretKey: SECRET_KEY,
      webhookSecrets: { connect: sandbox.webhookSecret, account: sandbox.platformWebhookSecret },
      sandbox: { host: '127.0.0.1', port: sandbox.port, protocol: 'http' },
      ...config,
    });
  let groupCounter = 0;
  const newGroup = () => `run_test_${Date.now()}_${(groupCounter += 1)}`;
  const transfersIn = (group: string) => sandbox.transfers().filter((t) => t.transfer_group === group);

  async function onboardedAccount(): Promise<string> {
    const { id } = await gateway.createConnectedAccount({ organisationId: 'org_x', idempotencyKey: `acct-${newGroup()}` });
    const link = await gateway.createAccountLink({
      accountId: id,
      refreshUrl: `${receiver.url}/refresh`,
      returnUrl: `${receiver.url}/return`,
    });
    await fetch(link.url);
    return id;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    // Rate limiting is off here so the suite's own pace never trips it; it has its own test below.
    sandbox = await startStripeSandbox({ port: 0, rateLimitPerSecond: 0, webhookRetryDelaysMs: [20, 50], observe: shapes.observe });
    sandbox.setWebhookUrl(`${receiver.url}/webhook`);
    gateway = gatewayWith();
  });

  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
    expect(shapes.problems(), 'the sandbox answered in shapes the stripe SDK does not declare').toEqual([]);
  });

  return {
    get sandbox() {
      return sandbox;
    },
    get receiver() {
      return receiver;
    },
    get gateway() {
      return gateway;
    },
    sdk,
    gatewayWith,
    newGroup,
    transfersIn,
    onboardedAccount,
  };
};
