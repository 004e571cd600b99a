// The project's only door to Stripe: a small gateway interface and its adapter over the official SDK.
//
// Everything Stripe-specific stops here. Callers see plain values and one error class,
// StripeGatewayError, whose `definitive` flag answers the question a payout needs:
//   definitive: true  — Stripe answered 4xx and did nothing (balance_insufficient, no capability, ...);
//                       the line can be marked failed.
//   definitive: false — timeout, dropped connection, 5xx, or a 409 for a key still in flight: the
//                       transfer may or may not exist. Retry with the SAME idempotency key (Stripe
//                       replays the first result) or reconcile; never pay again under a new key.
import Stripe from 'stripe';

/** The API version this code is written against; the SDK release pins the same one. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export type CapabilityStatus = 'active' | 'inactive' | 'pending' | 'unrequested';

export interface ConnectedAccount {
  id: string;
  payoutsEnabled: boolean;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  transfersCapability: CapabilityStatus;
}

export interface StripeWebhookEvent {
  id: string;
  type: string;
  /** The connected account the event is about, for Connect events (e.g. account.updated); else null. */
  connectedAccountId: string | null;
  created: number;
  livemode: boolean;
  data: { object: Record<string, unknown>; previousAttributes: Record<string, unknown> | null };
}

export interface CreateTransferInput {
  amountPence: number;
  destination: string;
  transferGroup: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
  description?: string;
}

export interface StripeGateway {
  readonly mode: 'live' | 'test';
  createConnectedAccount(input: { organisationId: string; idempotencyKey: string }): Promise<{ id: string }>;
  createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{
    url: string;
    expiresAt: number;
  }>;
  retrieveAccount(accountId: string): Promise<ConnectedAccount>;
  /** `replayed` is true when Stripe answered from its idempotency store (the transfer already existed). */
  createTransfer(input: CreateTransferInput): Promise<{ id: string; replayed: boolean }>;
  getBalancePence(): Promise<number>;
  /**
   * The transfer already made for a payout line, if any: looked up by transfer group (the run) and
   * the line id in its metadata. Stripe forgets idempotency keys after 24 hours; this does not.
   */
  findTransfer(input: { transferGroup: string; lineId: string }): Promise<{ id: string } | undefined>;
  /** Verifies `Stripe-Signature` over the raw body; throws StripeGatewayError (signature_invalid) if it fails. */
  constructEvent(rawBody: string | Buffer, signature: string): StripeWebhookEvent;
}

export interface StripeGatewayConfig {
  secretKey: string;
  webhookSecret: string;
  /**
   * Further signing secrets accepted on the same URL. Stripe signs a Connect endpoint's events
   * (account.updated) and an account endpoint's events (transfer.reversed) with different secrets.
   */
  additionalWebhookSecrets?: readonly string[];
  /** Point the SDK at the local sandbox instead of api.stripe.com. Refused with a live key. */
  sandbox?: { host: string; port: number; protocol: 'http' | 'https' };
  /** SDK retries for network errors, 409 and 5xx (same idempotency key). Default 3. */
  maxNetworkRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 20 000 (the SDK's own is 80 s, too long for a Lambda). */
  timeoutMs?: number;
  /** Extra attempts after a 429; the SDK does not retry those itself. Default 3. */
  rateLimitRetries?: number;
  /** First wait after a 429, doubled each time (with jitter). Default 250 ms. */
  rateLimitBackoffMs?: number;
}

export class StripeGatewayError extends Error {
  override readonly name = 'StripeGatewayError';
  readonly code: string;
  readonly definitive: boolean;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    message: string,
    details: { code: string; definitive: boolean; statusCode?: number; requestId?: string; cause?: unknown },
  ) {
    super(message, { cause: details.cause });
    this.code = details.code;
    this.definitive = details.definitive;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
  }
}

export function createStripeGateway(config: StripeGatewayConfig): StripeGateway {
  const mode = /^(sk|rk)_live_/.test(config.secretKey) ? 'live' : 'test';
  if (config.sandbox && mode === 'live') {
    throw new Error('Refusing to send a live Stripe key to the local sandbox; use an sk_test_ key.');
  }
  if (!config.webhookSecret) throw new Error('A Stripe webhook signing secret (whsec_…) is required.');
  const stripe = new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: config.maxNetworkRetries ?? 3,
    timeout: config.timeoutMs ?? 20_000,
    telemetry: false,
    ...(config.sandbox ?? {}),
  });
  const rateLimitRetries = config.rateLimitRetries ?? 3;
  const backoffMs = config.rateLimitBackoffMs ?? 250;

  /** Runs one Stripe call, retrying 429s (nothing ran, so the same call is safe) and translating errors. */
  async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await fn();
      } catch (error) {
        if (error instanceof Stripe.errors.StripeRateLimitError && attempt < rateLimitRetries) {
          const wait = backoffMs * 2 ** attempt;
          await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * (wait / 2)));
          continue;
        }
        throw toGatewayError(error, operation);
      }
    }
  }

  return {
    mode,
    async createConnectedAccount({ organisationId, idempotencyKey }) {
      const account = await call('accounts.create', () =>
        stripe.accounts.create(
          {
            country: 'GB',
            capabilities: { transfers: { requested: true } },
            // Stripe's replacement for `type: 'express'`: Express dashboard, platform pays fees and owns losses.
            controller: {
              stripe_dashboard: { type: 'express' },
              fees: { payer: 'application' },
              losses: { payments: 'application' },
            },
            metadata: { organisationId },
          },
          { idempotencyKey },
        ),
      );
      return { id: account.id };
    },
    async createAccountLink({ accountId, refreshUrl, returnUrl }) {
      const link = await call('accountLinks.create', () =>
        stripe.accountLinks.create({
          account: accountId,
          refresh_url: refreshUrl,
          return_url: returnUrl,
          type: 'account_onboarding',
        }),
      );
      return { url: link.url, expiresAt: link.expires_at };
    },
    async retrieveAccount(accountId) {
      const account = await call('accounts.retrieve', () => stripe.accounts.retrieve(accountId));
      return readConnectedAccount(account as unknown as Record<string, unknown>);
    },
    async createTransfer(input) {
      if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) {
        throw new StripeGatewayError('A transfer needs a positive whole number of pence', {
          code: 'amount_invalid',
          definitive: true,
        });
      }
      const transfer = await call('transfers.create', () =>
        stripe.transfers.create(
          {
            amount: input.amountPence,
            currency: 'gbp',
            destination: input.destination,
            transfer_group: input.transferGroup,
            metadata: input.metadata,
            ...(input.description ? { description: input.description } : {}),
          },
          { idempotencyKey: input.idempotencyKey },
        ),
      );
      return { id: transfer.id, replayed: transfer.lastResponse?.headers?.['idempotent-replayed'] === 'true' };
    },
    async findTransfer({ transferGroup, lineId }) {
      return call('transfers.list', async () => {
        for await (const transfer of stripe.transfers.list({ transfer_group: transferGroup, limit: 100 })) {
          if (transfer.metadata?.lineId === lineId) return { id: transfer.id };
        }
        return undefined;
      });
    },
    async getBalancePence() {
      const balance = await call('balance.retrieve', () => stripe.balance.retrieve());
      return balance.available.filter((entry) => entry.currency === 'gbp').reduce((sum, entry) => sum + entry.amount, 0);
    },
    constructEvent(rawBody, signature) {
      let event: Stripe.Event | undefined;
      let lastError: unknown;
      for (const secret of [config.webhookSecret, ...(config.additionalWebhookSecrets ?? [])]) {
        try {
          event = stripe.webhooks.constructEvent(rawBody, signature, secret);
          break;
        } catch (error) {
          lastError = error;
        }
      }
      if (!event) {
        throw new StripeGatewayError('Stripe webhook signature could not be verified', {
          code: 'signature_invalid',
          definitive: true,
          statusCode: 400,
          cause: lastError,
        });
      }
      const data = event.data as unknown as { object: Record<string, unknown>; previous_attributes?: Record<string, unknown> };
      return {
        id: event.id,
        type: event.type,
        connectedAccountId: event.account ?? null,
        created: event.created,
        livemode: event.livemode,
        data: { object: data.object, previousAttributes: data.previous_attributes ?? null },
      };
    },
  };
}

/** Reads the fields the project uses from an Account object (from the API or an account.updated event). */
export function readConnectedAccount(object: Record<string, unknown>): ConnectedAccount {
  const capabilities = (object.capabilities ?? {}) as Record<string, unknown>;
  const transfers = capabilities.transfers;
  return {
    id: String(object.id),
    payoutsEnabled: object.payouts_enabled === true,
    chargesEnabled: object.charges_enabled === true,
    detailsSubmitted: object.details_submitted === true,
    transfersCapability:
      transfers === 'active' || transfers === 'inactive' || transfers === 'pending' ? transfers : 'unrequested',
  };
}

/** Maps whatever the SDK threw onto StripeGatewayError, deciding whether Stripe can have acted. */
export function toGatewayError(error: unknown, operation: string): StripeGatewayError {
  if (error instanceof StripeGatewayError) return error;
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const timedOut = /timeout/i.test(error.message);
    return new StripeGatewayError(`Stripe ${operation}: ${error.message}`, {
      code: timedOut ? 'timeout' : 'connection_error',
      definitive: false,
      requestId: error.requestId,
      cause: error,
    });
  }
  if (error instanceof Stripe.errors.StripeError) {
    const status = error.statusCode;
    const isIdempotencyError = error instanceof Stripe.errors.StripeIdempotencyError;
    // 409: another request with this key is still running; idempotency_error: an earlier, different
    // request used this key. Either way something may exist under the key, so the outcome is open.
    const definitive = status !== undefined && status >= 400 && status < 500 && status !== 409 && !isIdempotencyError;
    const code =
      error.code ??
      (error instanceof Stripe.errors.StripeRateLimitError ? 'rate_limit' : isIdempotencyError ? 'idempotency_error' : undefined) ??
      error.rawType ??
      'api_error';
    return new StripeGatewayError(`Stripe ${operation}: ${error.message}`, {
      code,
      definitive,
      statusCode: status,
      requestId: error.requestId,
      cause: error,
    });
  }
  return new StripeGatewayError(`Stripe ${operation}: ${error instanceof Error ? error.message : String(error)}`, {
    code: 'unknown',
    definitive: false,
    cause: error,
  });
}
