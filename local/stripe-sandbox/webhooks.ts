// Signs and delivers webhook events the way Stripe does: `Stripe-Signature: t=…,v1=HMAC-SHA256(t.payload)`, retried on failure.
import { createHmac } from 'node:crypto';
import type { EventObject } from './state.js';

/**
 * Stripe's signature scheme: v1 is the hex HMAC-SHA256 of `${timestamp}.${payload}` keyed with the
 * endpoint's signing secret (the whole `whsec_…` string). `stripe.webhooks.constructEvent` verifies it.
 */
export function signPayload(payload: string, secret: string, timestamp: number = Math.floor(Date.now() / 1000)): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  attempt: number;
  url: string;
  status?: number;
  error?: string;
  at: number;
}

export interface WebhookSenderOptions {
  url?: string | undefined;
  secret: string;
  /** Waits before each retry; one retry per entry. Stripe itself retries for up to three days. */
  retryDelaysMs?: number[] | undefined;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export class WebhookSender {
  url: string | undefined;
  readonly deliveries: WebhookDelivery[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: WebhookSenderOptions) {
    this.url = options.url;
  }

  get secret(): string {
    return this.options.secret;
  }

  /** Fire and forget: the caller (e.g. the onboarding redirect) never waits on, or fails with, delivery. */
  send(event: EventObject): void {
    const url = this.url;
    if (!url || this.closed) return;
    this.attempt(event, url, 1);
  }

  /** Resolves once nothing is being delivered or waiting to be retried. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.timers.size > 0) {
      await Promise.race([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 10))]);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.controllers) controller.abort();
  }

  private attempt(event: EventObject, url: string, attempt: number): void {
    const run = this.post(event, url, attempt).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async post(event: EventObject, url: string, attempt: number): Promise<void> {
    const payload = JSON.stringify(event, null, 2);
    // Each attempt is signed afresh, so its timestamp stays inside the receiver's tolerance window.
    const signature = signPayload(payload, this.options.secret);
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 10_000);
    const record: WebhookDelivery = { eventId: event.id, type: event.type, attempt, url, at: Date.now() };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          'Stripe-Signature': signature,
          'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: controller.signal,
      });
      record.status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    this.deliveries.push(record);
    const delivered = record.status !== undefined && record.status >= 200 && record.status < 300;
    if (delivered || this.closed) return;
    const delays = this.options.retryDelaysMs ?? [500, 2_000, 5_000];
    const delay = delays[attempt - 1];
    const outcome = record.status === undefined ? record.error : `HTTP ${record.status}`;
    if (delay === undefined) {
      this.log(`webhook ${event.type} ${event.id} to ${url} failed after ${attempt} attempts (${outcome}); giving up`);
      return;
    }
    this.log(`webhook ${event.type} ${event.id} to ${url} failed (${outcome}); retrying in ${delay} ms`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.attempt(event, url, attempt + 1);
    }, delay);
    this.timers.add(timer);
  }

  private log(message: string): void {
    (this.options.log ?? ((line: string) => console.warn(`[stripe-sandbox] ${line}`)))(message);
  }
}

/** One registered endpoint as an operator configures it in the Dashboard: URL, signing secret, pinned API version. */
export interface WebhookEndpointOptions {
  url?: string | undefined;
  secret?: string | undefined;
  /** Events sent here are rendered in this version; Stripe's default is the account's version. */
  apiVersion?: string | undefined;
}

export type WebhookEndpointKind = 'connect' | 'account';

/**
 * Stripe's two kinds of endpoint: a Connect endpoint receives events on connected accounts (they
 * carry `account`), an account endpoint the platform's own events. Each signs with its own secret.
 */
export class WebhookEndpoints {
  readonly connect: WebhookSender;
  readonly account: WebhookSender;
  readonly apiVersions: Record<WebhookEndpointKind, string>;

  constructor(
    options: Record<WebhookEndpointKind, WebhookEndpointOptions>,
    common: { defaultApiVersion: string; newSecret: () => string; retryDelaysMs?: number[] | undefined; log: (message: string) => void },
  ) {
    const sender = (o: WebhookEndpointOptions) =>
      new WebhookSender({ url: o.url, secret: o.secret ?? common.newSecret(), retryDelaysMs: common.retryDelaysMs, log: common.log });
    this.connect = sender(options.connect);
    this.account = sender(options.account);
    this.apiVersions = {
      connect: options.connect.apiVersion ?? common.defaultApiVersion,
      account: options.account.apiVersion ?? common.defaultApiVersion,
    };
  }

  /** Which endpoint an event goes to: Connect events name the connected account. */
  kindOf(event: Pick<EventObject, 'account'>): WebhookEndpointKind {
    return event.account ? 'connect' : 'account';
  }

  send(event: EventObject): void {
    this[this.kindOf(event)].send(event);
  }

  hasUrl(kind: WebhookEndpointKind): boolean {
    return Boolean(this[kind].url);
  }

  get deliveries(): WebhookDelivery[] {
    return [...this.connect.deliveries, ...this.account.deliveries].sort((a, b) => a.at - b.at);
  }

  async idle(): Promise<void> {
    await Promise.all([this.connect.idle(), this.account.idle()]);
  }

  close(): void {
    this.connect.close();
    this.account.close();
  }
}
