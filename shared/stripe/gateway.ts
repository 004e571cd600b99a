// The project's only door to Stripe: a small gateway interface and its adapter over the official SDK.
//
// Everything Stripe-specific stops here. Callers see plain values and one error class,
// StripeGatewayError (an AppError; see errors.ts), whose `definitive` flag says whether Stripe can
// have acted.
import Stripe from 'stripe';
import { retry, RetriesExhausted, type Deadline } from '../retry/retry.js';
import { accountCreateParams, DEFAULT_ACCOUNT_SETUP, type AccountSetup } from './account-setup.js';
import { isRateLimited, signatureInvalid, StripeGatewayError, toGatewayError } from './errors.js';
import {
  assertNotFromTheFuture,
  readWebhookEvent,
  TOLERANCE_SECONDS,
  type VerifiedWebhook,
  type WebhookEndpoint,
} from './webhook-events.js';

export { StripeGatewayError } from './errors.js';
export type { StripeWebhookEvent, VerifiedWebhook, WebhookEndpoint } from './webhook-events.js';

/** The API version this code is written against; the SDK release pins the same one, and so must both webhook endpoints. */
export const STRIPE_API_VERSION = '2026-10-28.endive' as const;

export type CapabilityStatus = 'active' | 'inactive' | 'pending' | 'unrequested';

export interface ConnectedAccount {
  id: string;
  payoutsEnabled: boolean;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  transfersCapability: CapabilityStatus;
}

export interface CreateTransferInput {
  amountPence: number;
  destination: string;
  transferGroup: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
  description?: string;
}

/** A platform transfer as the webhook checks it against a payout line. */
export interface TransferFacts {
  id: string;
  amountPence: number;
  currency: string;
  destination: string;
  metadata: Record<string, string>;
}

/** Whether Stripe can be called at all: a fresh deployment holds placeholder keys. */
export type StripeStatus = { readonly state: 'unconfigured' } | { readonly state: 'configured'; readonly mode: 'live' | 'test' };

export interface StripeGateway {
  status(): Promise<StripeStatus>;
  createConnectedAccount(input: { organisationId: string; idempotencyKey: string }): Promise<{ id: string }>;
  createAccountLink(input: { accountId: string; refreshUrl: string; returnUrl: string }): Promise<{ url: string; expiresAt: number }>;
  retrieveAccount(accountId: string): Promise<ConnectedAccount>;
  /** `replayed` is true when Stripe answered from its idempotency store (the transfer already existed). */
  createTransfer(input: CreateTransferInput): Promise<{ id: string; replayed: boolean }>;
  /** The platform's available GBP balance. */
  getBalancePence(): Promise<number>;
  /**
   * The transfer already made for a payout line, if any: looked up by transfer group (the run) and
   * the line id in its metadata. Stripe forgets idempotency keys after 24 hours; this does not.
   */
  findTransfer(input: { transferGroup: string; lineId: string }): Promise<{ id: string } | undefined>;
  /**
   * The platform transfers a connected account's payout carried to its bank: read from the
   * account's balance transactions (with the Stripe-Account header) and matched to the transfers'
   * destination payments.
   */
  transfersInPayout(input: { accountId: string; payoutId: string }): Promise<TransferFacts[]>;
  /** Verifies `Stripe-Signature` over the raw body with either endpoint's secret; throws StripeGatewayError if it fails. */
  verifyWebhook(rawBody: string | Buffer, signature: string, receivedAtMs: number): Promise<VerifiedWebhook>;
  /** The same gateway, with its 429 retries bounded by `deadline` (a request's budget or a Lambda's remaining time). */
  withDeadline(deadline: Deadline | undefined): StripeGateway;
}

export interface StripeGatewayConfig {
  secretKey: string;
  /** Each endpoint's signing secret: the Connect endpoint's and the account endpoint's. */
  webhookSecrets: { connect: string; account?: string | undefined };
  /** Service agreement and capabilities for new connected accounts (see account-setup.ts). */
  accountSetup?: AccountSetup;
  /** Point the SDK at the local sandbox instead of api.stripe.com. Refused with a live key. */
  sandbox?: { host: string; port: number; protocol: 'http' | 'https' };
  /** SDK retries for network errors, 409 and 5xx (same idempotency key). Default 3. */
  maxNetworkRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 20 000 (the SDK's own is 80 s, too long for a Lambda). */
  timeoutMs?: number;
}

export const keyMode = (secretKey: string): 'live' | 'test' => (/^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test');

export function createStripeGateway(config: StripeGatewayConfig): StripeGateway {
  const mode = keyMode(config.secretKey);
  if (config.sandbox && mode === 'live') {
    throw new Error('Refusing to send a live Stripe key to the local sandbox; use an sk_test_ key.');
  }
  if (!config.webhookSecrets.connect) throw new Error('A Stripe webhook signing secret (whsec_…) is required.');
  const stripe = new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: config.maxNetworkRetries ?? 3,
    timeout: config.timeoutMs ?? 20_000,
    telemetry: false,
    ...(config.sandbox ?? {}),
  });
  const setup = config.accountSetup ?? DEFAULT_ACCOUNT_SETUP;
  const secrets: [WebhookEndpoint, string][] = [['connect', config.webhookSecrets.connect]];
  if (config.webhookSecrets.account) secrets.push(['account', config.webhookSecrets.account]);

  return bind(undefined);

  /** The gateway with its 429 retries (the SDK does not retry those itself) bounded by `deadline`. */
  function bind(deadline: Deadline | undefined): StripeGateway {
    /** Runs one Stripe call, retrying 429s (nothing ran, so the same call is safe) and translating errors. */
    const call = async <T>(operation: string, fn: () => Promise<T>): Promise<T> => {
      try {
        return await retry(() => fn(), { retryOn: isRateLimited, deadline });
      } catch (error) {
        throw toGatewayError(error instanceof RetriesExhausted ? error.cause : error, operation);
      }
    };

    return {
      withDeadline: (next) => bind(next),
      status: async () => ({ state: 'configured', mode }),
      async createConnectedAccount({ organisationId, idempotencyKey }) {
        const account = await call('accounts.create', () => stripe.accounts.create(accountCreateParams(setup, organisationId), { idempotencyKey }));
        return { id: account.id };
      },
      async createAccountLink({ accountId, refreshUrl, returnUrl }) {
        const link = await call('accountLinks.create', () =>
          stripe.accountLinks.create({ account: accountId, refresh_url: refreshUrl, return_url: returnUrl, type: 'account_onboarding' }),
        );
        return { url: link.url, expiresAt: link.expires_at };
      },
      async retrieveAccount(accountId) {
        const account = await call('accounts.retrieve', () => stripe.accounts.retrieve(accountId));
        return readConnectedAccount(account as unknown as Record<string, unknown>);
      },
      async createTransfer(input) {
        if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) {
          throw new StripeGatewayError('validation_failed', 'A transfer needs a positive whole number of pence.', { reason: 'amount_invalid', definitive: true });
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
      async transfersInPayout({ accountId, payoutId }) {
        const payments = await call('balanceTransactions.list', async () => {
          const sources = new Set<string>();
          for await (const entry of stripe.balanceTransactions.list({ payout: payoutId, limit: 100 }, { stripeAccount: accountId })) {
            const source = typeof entry.source === 'string' ? entry.source : entry.source?.id;
            if (entry.type === 'payment' && source) sources.add(source);
          }
          return sources;
        });
        if (payments.size === 0) return [];
        return call('transfers.list', async () => {
          const found: TransferFacts[] = [];
          // Newest first: a payout carries recent transfers, so the walk stops soon.
          for await (const transfer of stripe.transfers.list({ destination: accountId, limit: 100 })) {
            const payment = typeof transfer.destination_payment === 'string' ? transfer.destination_payment : transfer.destination_payment?.id;
            if (!payment || !payments.has(payment)) continue;
            found.push({ id: transfer.id, amountPence: transfer.amount, currency: transfer.currency, destination: accountId, metadata: transfer.metadata ?? {} });
            if (found.length === payments.size) break;
          }
          return found;
        });
      },
      async verifyWebhook(rawBody, signature, receivedAtMs) {
        let lastError: unknown;
        for (const [endpoint, secret] of secrets) {
          let parsed: Stripe.Event;
          try {
            parsed = stripe.webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS, undefined, receivedAtMs);
          } catch (error) {
            lastError = error;
            continue;
          }
          assertNotFromTheFuture(signature, receivedAtMs);
          return readWebhookEvent(parsed, endpoint);
        }
        throw signatureInvalid('The Stripe signature does not match this payload.', lastError);
      },
    };
  }
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
