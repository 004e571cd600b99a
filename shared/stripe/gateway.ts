// The project's only door to Stripe: a small gateway interface and its adapter over the official SDK.
//
// Everything Stripe-specific stops here. Callers see plain values and one error class,
// StripeGatewayError (an AppError; see errors.ts), whose `definitive` flag says whether Stripe can
// have acted.
import Stripe from 'stripe';
import { retry, RetriesExhausted, type Deadline } from '../retry/retry.js';
import { findAccountOf } from './account-lookup.js';
import { accountCreateParams, DEFAULT_ACCOUNT_SETUP, type AccountSetup } from './account-setup.js';
import { CALL_BUDGET, callBudget } from './call-budget.js';
import { deadlineTooClose, isRateLimited, signatureInvalid, StripeGatewayError, toGatewayError } from './errors.js';
import { beforeDeadline } from './deadline-guard.js';
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
  /**
   * The organisation's connected account: created under `idempotencyKey`, or, when an earlier
   * request was recorded (`earlierRequestAt`, epoch ms, before Stripe was asked), first looked for
   * among the accounts created since then with this organisation in their metadata, and adopted if
   * found (`adopted: true`). Stripe forgets idempotency keys after 24 hours; this does not.
   */
  createConnectedAccount(input: { organisationId: string; idempotencyKey: string; earlierRequestAt?: number | undefined }): Promise<{ id: string; adopted: boolean }>;
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
  /**
   * The same gateway with every call bounded by `deadline` (a request's budget or a Lambda's
   * remaining time): the SDK's timeout and network retries, and our 429 retries, end before it
   * (call-budget.ts); a call with too little time left is refused unsent (503, reason `deadline`).
   */
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
  /** SDK retries for network errors, 409 and 5xx (same idempotency key). Default 3; fewer under a close deadline. */
  maxNetworkRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 20 000 (the SDK's own is 80 s, too long for a Lambda); shorter under a close deadline. */
  timeoutMs?: number;
}

export const keyMode = (secretKey: string): 'live' | 'test' => (/^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test');

export function createStripeGateway(config: StripeGatewayConfig): StripeGateway {
  const mode = keyMode(config.secretKey);
  if (config.sandbox && mode === 'live') {
    throw new Error('Refusing to send a live Stripe key to the local sandbox; use an sk_test_ key.');
  }
  if (!config.webhookSecrets.connect) throw new Error('A Stripe webhook signing secret (whsec_…) is required.');
  const configured = { maxNetworkRetries: config.maxNetworkRetries ?? 3, timeoutMs: config.timeoutMs ?? 20_000 };
  const stripe = new Stripe(config.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: configured.maxNetworkRetries,
    timeout: configured.timeoutMs,
    telemetry: false,
    ...(config.sandbox ?? {}),
  });
  const setup = config.accountSetup ?? DEFAULT_ACCOUNT_SETUP;
  const secrets: [WebhookEndpoint, string][] = [['connect', config.webhookSecrets.connect]];
  if (config.webhookSecrets.account) secrets.push(['account', config.webhookSecrets.account]);

  return bind(undefined);

  /** The gateway with every call (the SDK's attempts and waits, and our 429 retries) bounded by `deadline`. */
  function bind(deadline: Deadline | undefined): StripeGateway {
    /**
     * Runs one Stripe call, retrying 429s (nothing ran, so the same call is safe) and translating
     * errors. Each attempt is planned afresh from the time left (call-budget.ts); one with too
     * little time is not sent, and the caller hears the 429 that came before it, if any (Stripe did
     * nothing), else `deadline`. The guard stops waiting at the deadline for what a plan cannot
     * bound (a reply trickling in, a list's later pages).
     */
    const call = async <T>(operation: string, fn: (options: Stripe.RequestOptions) => Promise<T>): Promise<T> => {
      let refused: unknown;
      const attempt = async (attempts: number): Promise<T> => {
        const budget = deadline ? callBudget(deadline.at, Date.now(), configured) : undefined;
        if (budget?.kind === 'too_late') {
          if (refused === undefined) throw deadlineTooClose(operation, budget.remainingMs);
          throw new RetriesExhausted(attempts - 1, 'deadline', { cause: refused });
        }
        try {
          return await fn(budget ? { timeout: budget.timeoutMs, maxNetworkRetries: budget.maxNetworkRetries } : {});
        } catch (error) {
          if (isRateLimited(error)) refused = error;
          throw error;
        }
      };
      try {
        const attempts = retry(attempt, { retryOn: isRateLimited, deadline });
        return await (deadline ? beforeDeadline(attempts, deadline.at - CALL_BUDGET.marginMs / 2, operation) : attempts);
      } catch (error) {
        throw toGatewayError(error instanceof RetriesExhausted ? error.cause : error, operation);
      }
    };

    return {
      withDeadline: (next) => bind(next),
      status: async () => ({ state: 'configured', mode }),
      async createConnectedAccount({ organisationId, idempotencyKey, earlierRequestAt }) {
        if (earlierRequestAt !== undefined) {
          const found = await call('accounts.list', (options) => findAccountOf(stripe, organisationId, earlierRequestAt, options));
          if (found) return { id: found, adopted: true };
        }
        const account = await call('accounts.create', (options) => stripe.accounts.create(accountCreateParams(setup, organisationId), { ...options, idempotencyKey }));
        return { id: account.id, adopted: false };
      },
      async createAccountLink({ accountId, refreshUrl, returnUrl }) {
        const link = await call('accountLinks.create', (options) =>
          stripe.accountLinks.create({ account: accountId, refresh_url: refreshUrl, return_url: returnUrl, type: 'account_onboarding' }, options),
        );
        return { url: link.url, expiresAt: link.expires_at };
      },
      async retrieveAccount(accountId) {
        const account = await call('accounts.retrieve', (options) => stripe.accounts.retrieve(accountId, undefined, options));
        return readConnectedAccount(account as unknown as Record<string, unknown>);
      },
      async createTransfer(input) {
        if (!Number.isSafeInteger(input.amountPence) || input.amountPence <= 0) {
          throw new StripeGatewayError('validation_failed', 'A transfer needs a positive whole number of pence.', { reason: 'amount_invalid', definitive: true });
        }
        const transfer = await call('transfers.create', (options) =>
          stripe.transfers.create(
            {
              amount: input.amountPence,
              currency: 'gbp',
              destination: input.destination,
              transfer_group: input.transferGroup,
              metadata: input.metadata,
              ...(input.description ? { description: input.description } : {}),
            },
            { ...options, idempotencyKey: input.idempotencyKey },
          ),
        );
        return { id: transfer.id, replayed: transfer.lastResponse?.headers?.['idempotent-replayed'] === 'true' };
      },
      async findTransfer({ transferGroup, lineId }) {
        return call('transfers.list', async (options) => {
          for await (const transfer of stripe.transfers.list({ transfer_group: transferGroup, limit: 100 }, options)) {
            if (transfer.metadata?.lineId === lineId) return { id: transfer.id };
          }
          return undefined;
        });
      },
      async getBalancePence() {
        const balance = await call('balance.retrieve', (options) => stripe.balance.retrieve(undefined, options));
        return balance.available.filter((entry) => entry.currency === 'gbp').reduce((sum, entry) => sum + entry.amount, 0);
      },
      async transfersInPayout({ accountId, payoutId }) {
        const payments = await call('balanceTransactions.list', async (options) => {
          const sources = new Set<string>();
          for await (const entry of stripe.balanceTransactions.list({ payout: payoutId, limit: 100 }, { ...options, stripeAccount: accountId })) {
            const source = typeof entry.source === 'string' ? entry.source : entry.source?.id;
            if (entry.type === 'payment' && source) sources.add(source);
          }
          return sources;
        });
        if (payments.size === 0) return [];
        return call('transfers.list', async (options) => {
          const found: TransferFacts[] = [];
          // Newest first: a payout carries recent transfers, so the walk stops soon.
          for await (const transfer of stripe.transfers.list({ destination: accountId, limit: 100 }, options)) {
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
