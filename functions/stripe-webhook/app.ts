// Stripe webhooks: their own trust boundary. The raw body's signature is checked, each event id is
// applied at most once (its record is written in the same transaction as its effect), and unknown
// event types are acknowledged and ignored.
import { Hono } from 'hono';
import { AppError } from '../../shared/domain/errors.js';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import type { Store } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { getLine, recordLineReversed } from '../../shared/store/payout-lines.js';
import { itemExists } from '../../shared/store/query.js';
import { applyPendingReportMoves } from '../../shared/store/report-moves.js';
import { applyAccountState, recordStripeEvent, stripeEventPut } from '../../shared/store/stripe-accounts.js';
import { StripeGatewayError, type StripeWebhookEvent } from '../../shared/stripe/gateway.js';
import type { Deps } from '../runtime/deps.js';
import type { AppEnv } from '../runtime/env.js';

export const WEBHOOK_PATH = '/v1/stripe/webhook';
export const WEBHOOK_ACTOR = 'stripe:webhook';

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

export const createWebhookRoutes = () =>
  new Hono<AppEnv>().post(WEBHOOK_PATH, async (c) => {
    const deps = c.get('deps');
    if (!deps.stripe) throw new AppError('unavailable', 'Stripe is not configured on this deployment.');
    const signature = c.req.header('stripe-signature');
    if (!signature) throw new AppError('validation_failed', 'The Stripe-Signature header is missing.');
    // The exact bytes Stripe signed; hono/aws-lambda has already base64-decoded API Gateway's encoding.
    const raw = await c.req.text();
    let event: StripeWebhookEvent;
    try {
      event = deps.stripe.constructEvent(raw, signature);
    } catch (error) {
      if (error instanceof StripeGatewayError) throw new AppError('validation_failed', 'The Stripe signature does not match this payload.', { cause: error });
      throw error;
    }
    const outcome = await applyEvent(deps, event);
    c.get('logger').info('stripe event', { stripeEventId: event.id, type: event.type, outcome });
    return c.json({ received: true, outcome }, 200);
  });

export const applyEvent = async (deps: Deps, event: StripeWebhookEvent): Promise<WebhookOutcome> => {
  const { store, stripe, clock, ids } = deps;
  const at = clock().toISOString();
  if (await itemExists(store, keys.stripeEvent(event.id))) return 'duplicate';
  // Test-mode events reaching a live deployment (or the reverse) are acknowledged, never applied.
  if (event.livemode !== (stripe!.mode === 'live')) return (await recordStripeEvent(store, event.id, at, 'ignored: other mode')) ? 'ignored' : 'duplicate';

  if (event.type === 'account.updated') {
    const object = event.data.object as { id?: string; metadata?: Record<string, string> };
    const accountId = event.connectedAccountId ?? object.id;
    const organisationId = object.metadata?.organisationId;
    if (!accountId || !organisationId) return (await recordStripeEvent(store, event.id, at, 'ignored: no organisation')) ? 'ignored' : 'duplicate';
    // Read the account as it is now, so an older event delivered late cannot undo a newer state.
    const account = await stripe!.retrieveAccount(accountId);
    const applied = await applyAccountState(
      store,
      organisationId,
      { accountId, payoutsEnabled: account.payoutsEnabled && account.transfersCapability === 'active', transfersCapability: account.transfersCapability },
      { at, actor: WEBHOOK_ACTOR, eventId: ids('event', new Date(at)), stripeEventId: event.id },
    );
    return applied ? 'applied' : 'duplicate';
  }

  if (event.type === 'transfer.reversed') {
    const transfer = event.data.object as { id: string; amount_reversed?: number; metadata?: Record<string, string> };
    const line = await lineOf(store, transfer.metadata);
    if (!line) return (await recordStripeEvent(store, event.id, at, 'ignored: not a payout line')) ? 'ignored' : 'duplicate';
    if (line.status !== 'paid' && line.status !== 'reversed') {
      // The transfer exists but the line is not yet recorded as paid (the worker is still at it):
      // refuse for now, so Stripe delivers the event again once it is.
      throw new AppError('unavailable', `Payout line ${line.id} is not yet recorded as paid; retry later.`);
    }
    // amount_reversed is the total reversed so far: apply only what is new since the last event.
    const alreadyReversed = Number((line as { reversedPence?: number }).reversedPence ?? 0);
    const newlyReversed = Math.min(line.amountPence, transfer.amount_reversed ?? line.amountPence) - alreadyReversed;
    if (newlyReversed <= 0) return (await recordStripeEvent(store, event.id, at, 'ignored: nothing newly reversed')) ? 'ignored' : 'duplicate';
    const applied = await recordLineReversed(store, line, { amountPence: newlyReversed, transferId: transfer.id, previouslyReversedPence: alreadyReversed }, { at, actor: WEBHOOK_ACTOR, ids }, [
      stripeEventPut(store, event.id, at, 'applied'),
    ]);
    await applyPendingReportMoves(store, line.runId);
    return applied ? 'applied' : 'duplicate';
  }

  return (await recordStripeEvent(store, event.id, at, `ignored: ${event.type}`)) ? 'ignored' : 'duplicate';
};

const lineOf = async (store: Store, metadata: Record<string, string> | undefined): Promise<PayoutLine | undefined> =>
  metadata?.runId && metadata.lineId ? getLine(store, metadata.runId, metadata.lineId) : undefined;
