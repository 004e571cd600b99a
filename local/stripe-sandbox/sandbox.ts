// startStripeSandbox: the HTTP server that the real `stripe` SDK talks to, plus the handle tests steer it with.
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openAccountLink } from './account-links.js';
import { completeOnboarding } from './accounts.js';
import { ApiPipeline } from './api.js';
import { handleControl } from './control.js';
import type { EmitOptions, SandboxCore } from './endpoint.js';
import { errors } from './errors.js';
import { type FailNextOptions, type FailureKind, FaultQueue } from './faults.js';
import { BodyTooLargeError, headerValue, readBody, redirect, sendJson, sendText } from './http.js';
import { IdempotencyLayer } from './idempotency.js';
import { newId } from './ids.js';
import { TokenBucket } from './rate-limit.js';
import { payOut } from './ledger.js';
import { type AccountObject, type EventObject, type PayoutObject, SandboxStore, type TransferObject } from './state.js';
import { type WebhookDelivery, type WebhookEndpointKind, type WebhookEndpointOptions, WebhookEndpoints } from './webhooks.js';

/** The API version the pinned SDK (stripe@23.1.0) sends; events are rendered for it. */
export const SANDBOX_API_VERSION = '2026-10-28.endive';

export interface StripeSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: '127.0.0.1' | 'localhost' | '::1' | '0.0.0.0';
  /** The platform's available GBP balance at start and after reset(). Default £1,000,000. */
  initialBalancePence?: number;
  /** Where both endpoints POST events (one URL, as the deploy steps register them); none are sent until set. */
  webhookUrl?: string;
  /** The Connect endpoint's signing secret (`whsec_…`); generated when omitted. */
  webhookSecret?: string;
  /** The account endpoint's signing secret; generated when omitted. */
  platformWebhookSecret?: string;
  /** Each endpoint on its own (URL, secret, pinned API version); overrides the three settings above. */
  webhookEndpoints?: Partial<Record<WebhookEndpointKind, WebhookEndpointOptions>>;
  /** What Stripe has approved for this platform. Default: nothing, so `transfers` alone needs the recipient agreement. */
  platformApprovals?: { transfersWithoutCardPayments?: boolean };
  /** Sees every API answer and every event (the drift test validates them against the SDK's types). */
  observe?: (observed: { kind: 'response'; method: string; path: string; status: number; body: unknown } | { kind: 'event'; body: EventObject }) => void;
  /** Base of the Account Link URLs; default `http://<host>:<port>`. */
  publicBaseUrl?: string;
  /** Token bucket size and refill per second; default 25 like Stripe's test mode; 0 disables. */
  rateLimitPerSecond?: number;
  /** Persist the state to this JSON file (created if missing) so a restart loses nothing. */
  dataFile?: string;
  /** Added to every API call; makes concurrent requests overlap. Default 0. */
  latencyMs?: number;
  /** Waits before webhook retries (one retry per entry). Default [500, 2000, 5000]. */
  webhookRetryDelaysMs?: number[];
  /** Clock in epoch milliseconds, for tests of expiry. */
  now?: () => number;
  log?: (message: string) => void;
}

export interface StripeSandbox {
  readonly url: string;
  readonly port: number;
  /** The Connect endpoint's signing secret. */
  readonly webhookSecret: string;
  /** The account endpoint's signing secret. */
  readonly platformWebhookSecret: string;
  close(): Promise<void>;
  balance(): number;
  setBalance(pence: number): void;
  failNext(kind: FailureKind, options?: FailNextOptions): void;
  clearFailures(): void;
  /** Every transfer created, oldest first. */
  transfers(): TransferObject[];
  accounts(): AccountObject[];
  /** Every event created, oldest first (whether or not a webhook URL was set). */
  events(): EventObject[];
  webhookDeliveries(): WebhookDelivery[];
  /** Resolves once no webhook is being delivered or waiting for a retry. */
  webhooksIdle(): Promise<void>;
  /** Points both endpoints at one URL (undefined stops sending). */
  setWebhookUrl(url: string | undefined): void;
  setWebhookEndpoint(kind: WebhookEndpointKind, url: string | undefined): void;
  /** Stripe's automatic payout of everything available on a connected account; undefined when nothing is. */
  payOut(accountId: string): PayoutObject | undefined;
  setRateLimit(perSecond: number): void;
  setLatency(ms: number): void;
  /** As if the account's onboarding link had been opened; false when there was nothing to change. */
  completeOnboarding(accountId: string): boolean;
  reset(): void;
  summary(): Record<string, unknown>;
}

export async function startStripeSandbox(options: StripeSandboxOptions = {}): Promise<StripeSandbox> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? Date.now;
  const log = options.log ?? ((message: string) => console.warn(`[stripe-sandbox] ${message}`));
  const store = new SandboxStore(options.initialBalancePence ?? 100_000_000, options.dataFile);
  const sender = new WebhookEndpoints(
    {
      connect: { url: options.webhookUrl, secret: options.webhookSecret, ...options.webhookEndpoints?.connect },
      account: { url: options.webhookUrl, secret: options.platformWebhookSecret, ...options.webhookEndpoints?.account },
    },
    { defaultApiVersion: SANDBOX_API_VERSION, newSecret: newId.webhookSecret, retryDelaysMs: options.webhookRetryDelaysMs, log },
  );
  const faults = new FaultQueue();
  const bucket = new TokenBucket(options.rateLimitPerSecond ?? 25, now);
  const idempotency = new IdempotencyLayer(store, now);
  let latencyMs = options.latencyMs ?? 0;
  let publicBaseUrl = options.publicBaseUrl ?? '';

  const core: SandboxCore = {
    store,
    now,
    get publicBaseUrl() {
      return publicBaseUrl;
    },
    apiVersion: SANDBOX_API_VERSION,
    approvals: { transfersWithoutCardPayments: options.platformApprovals?.transfersWithoutCardPayments ?? false },
    emit(type: string, object: unknown, emitOptions: EmitOptions = {}): EventObject {
      const kind = sender.kindOf(emitOptions);
      const event: EventObject = {
        id: newId.event(),
        object: 'event',
        ...(emitOptions.account ? { account: emitOptions.account } : {}),
        // Rendered in the version the receiving endpoint is pinned to.
        api_version: sender.apiVersions[kind],
        created: Math.floor(now() / 1000),
        // A snapshot: later changes to the object must not rewrite an event already sent.
        data: {
          object: structuredClone(object),
          ...(emitOptions.previousAttributes ? { previous_attributes: emitOptions.previousAttributes } : {}),
        },
        livemode: false,
        pending_webhooks: sender.hasUrl(kind) ? 1 : 0,
        request: emitOptions.request ?? { id: null, idempotency_key: null },
        type,
      };
      store.events.push(event);
      options.observe?.({ kind: 'event', body: event });
      sender.send(event);
      return event;
    },
  };

  const pipeline = new ApiPipeline({
    core,
    idempotency,
    bucket,
    faults,
    latencyMs: () => latencyMs,
    committed: () => store.save(),
    log,
    ...(options.observe ? { observe: (response) => options.observe?.({ kind: 'response', ...response }) } : {}),
  });

  let sandbox!: StripeSandbox;
  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, errors.malformedBody(error.message, 'body').body);
      log(`unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      sendJson(res, 500, errors.serverError().body);
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (url.pathname.startsWith('/v1/')) return pipeline.handle(req, res, url, body);
    if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) {
      return handleControl(sandbox, method, url.pathname, body, headerValue(req, 'content-type') ?? '', res);
    }
    const onboarding = /^\/connect\/onboard\/([^/]+)$/.exec(url.pathname);
    if (onboarding && method === 'GET') {
      const outcome = openAccountLink(core, onboarding[1] ?? '');
      if (outcome.kind === 'unknown') return sendText(res, 404, 'This onboarding link is not valid.');
      store.save();
      return redirect(res, outcome.location);
    }
    if (url.pathname === '/health') return sendJson(res, 200, { status: 'ok' });
    return sendJson(res, 404, errors.unrecognizedUrl(method, url.pathname).body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (!publicBaseUrl) publicBaseUrl = url;
  // Old keys are pruned as Stripe does; checked every minute, not per request.
  const pruner = setInterval(() => idempotency.prune(), 60_000);
  pruner.unref();

  sandbox = {
    url,
    port,
    webhookSecret: sender.connect.secret,
    platformWebhookSecret: sender.account.secret,
    async close() {
      clearInterval(pruner);
      sender.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    balance: () => store.balancePence,
    setBalance(pence) {
      if (!Number.isSafeInteger(pence) || pence < 0) throw new Error('balance must be a non-negative integer of pence');
      store.balancePence = pence;
      store.save();
    },
    failNext: (kind, failOptions) => faults.add(kind, failOptions),
    clearFailures: () => faults.clear(),
    transfers: () => [...store.transfers.values()],
    accounts: () => [...store.accounts.values()],
    events: () => [...store.events],
    webhookDeliveries: () => [...sender.deliveries],
    webhooksIdle: () => sender.idle(),
    setWebhookUrl(webhookUrl) {
      sender.connect.url = webhookUrl;
      sender.account.url = webhookUrl;
    },
    setWebhookEndpoint(kind, webhookUrl) {
      sender[kind].url = webhookUrl;
    },
    payOut(accountId) {
      const payout = payOut(core, accountId);
      store.save();
      return payout;
    },
    setRateLimit: (perSecond) => bucket.setRate(perSecond),
    setLatency(ms) {
      latencyMs = ms;
    },
    completeOnboarding(accountId) {
      const changed = completeOnboarding(core, accountId);
      store.save();
      return changed;
    },
    reset() {
      faults.clear();
      store.reset();
    },
    summary: () => ({
      url,
      balancePence: store.balancePence,
      accounts: store.accounts.size,
      transfers: store.transfers.size,
      events: store.events.length,
      webhookUrls: { connect: sender.connect.url ?? null, account: sender.account.url ?? null },
      rateLimitPerSecond: bucket.rate,
      latencyMs,
      pendingFailures: faults.size,
    }),
  };
  return sandbox;
}
