// What each verified Stripe event does: account.updated, transfer.reversed and payout.paid; everything else is recorded and ignored.
import { SYSTEM_ACTORS } from '../../shared/domain/actor-names.js';
import { AppError } from '../../shared/domain/errors.js';
import { londonDate } from '../../shared/domain/periods.js';
import type { PayoutLine } from '../../shared/domain/payout-run.js';
import type { Store } from '../../shared/store/client.js';
import { keys } from '../../shared/store/keys.js';
import { recordLinePayout } from '../../shared/store/line-payouts.js';
import { getOrganisation } from '../../shared/store/organisations.js';
import { getLine, recordLineReversed } from '../../shared/store/payout-lines.js';
import { itemExists } from '../../shared/store/query.js';
import { applyPendingReportMoves } from '../../shared/store/report-moves.js';
import { applyAccountState, recordStripeEvent, stripeEventPut } from '../../shared/store/stripe-accounts.js';
import type { StripeWebhookEvent } from '../../shared/stripe/gateway.js';
import type { Deps } from '../runtime/deps.js';

export const WEBHOOK_ACTOR = SYSTEM_ACTORS.stripeWebhook;

export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

/** `unprocessable`: signed by Stripe yet wrong (malformed, or at odds with what we recorded): logged as an error and counted. */
export interface Applied {
  readonly outcome: WebhookOutcome;
  readonly reason?: string;
  readonly unprocessable?: boolean;
}

type ObjectOf = Record<string, unknown>;
const str = (o: ObjectOf, k: string): string | undefined => (typeof o[k] === 'string' && o[k] !== '' ? (o[k] as string) : undefined);
const int = (o: ObjectOf, k: string): number | undefined => (Number.isSafeInteger(o[k]) ? (o[k] as number) : undefined);
const metadataOf = (o: ObjectOf): Record<string, string> => (typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, string>) : {});

/** Records an event that changes nothing, so a redelivery is recognised; `duplicate` if it was already recorded. */
const ignore = async (store: Store, event: StripeWebhookEvent, at: string, reason: string, unprocessable = false): Promise<Applied> =>
  (await recordStripeEvent(store, event.id, at, `ignored: ${reason}`)) ? { outcome: 'ignored', reason, unprocessable } : { outcome: 'duplicate' };

export const applyEvent = async (deps: Deps, event: StripeWebhookEvent): Promise<Applied> => {
  const { store, stripe, clock } = deps;
  const at = clock().toISOString();
  if (await itemExists(store, keys.stripeEvent(event.id))) return { outcome: 'duplicate' };
  // Test-mode events reaching a live deployment (or the reverse) are acknowledged, never applied.
  const status = await stripe!.status();
  if (status.state === 'configured' && event.livemode !== (status.mode === 'live')) return ignore(store, event, at, 'other mode');
  switch (event.type) {
    case 'account.updated':
      return accountUpdated(deps, event, at);
    case 'transfer.reversed':
      return transferReversed(deps, event, at);
    case 'payout.paid':
      return payoutPaid(deps, event, at);
    default:
      return ignore(store, event, at, event.type);
  }
};

const accountUpdated = async (deps: Deps, event: StripeWebhookEvent, at: string): Promise<Applied> => {
  const { store, stripe, ids } = deps;
  const object = event.data.object;
  const accountId = str(object, 'id');
  if (!accountId) return ignore(store, event, at, 'malformed: account without an id', true);
  if (event.connectedAccountId && event.connectedAccountId !== accountId) return ignore(store, event, at, 'mismatch: the event names another account', true);
  const organisationId = metadataOf(object).organisationId;
  if (!organisationId) return ignore(store, event, at, 'no organisation');
  // Only the account this organisation linked: metadata alone is not proof.
  const organisation = await getOrganisation(store, organisationId);
  if (!organisation || organisation.stripeAccountId !== accountId) return ignore(store, event, at, 'not the organisation’s account', true);
  // Read the account as it is now, so an older event delivered late cannot undo a newer state.
  const account = await stripe!.retrieveAccount(accountId);
  const applied = await applyAccountState(
    store,
    organisationId,
    { accountId, payoutsEnabled: account.payoutsEnabled && account.transfersCapability === 'active', transfersCapability: account.transfersCapability },
    { at, actor: WEBHOOK_ACTOR, eventId: ids('event', new Date(at)), stripeEventId: event.id },
  );
  return applied ? { outcome: 'applied' } : { outcome: 'duplicate' };
};

const transferReversed = async (deps: Deps, event: StripeWebhookEvent, at: string): Promise<Applied> => {
  const { store, ids } = deps;
  const transfer = event.data.object;
  const transferId = str(transfer, 'id');
  const amount = int(transfer, 'amount');
  const amountReversed = int(transfer, 'amount_reversed');
  if (!transferId || amount === undefined || amountReversed === undefined) return ignore(store, event, at, 'malformed: transfer without id, amount or amount_reversed', true);
  const line = await lineOf(store, metadataOf(transfer));
  if (!line) return ignore(store, event, at, 'not a payout line');
  if (line.status !== 'paid' && line.status !== 'reversed') {
    // The transfer exists but the line is not yet recorded as paid (the worker is still at it):
    // refuse for now, so Stripe delivers the event again once it is.
    throw new AppError('unavailable', `Payout line ${line.id} is not yet recorded as paid; retry later.`);
  }
  // Apply only to the transfer the line recorded, for the amount and currency it paid.
  if (line.stripeTransferId !== transferId || amount !== line.amountPence || str(transfer, 'currency') !== 'gbp') {
    return ignore(store, event, at, `mismatch: transfer ${transferId} is not what line ${line.id} recorded`, true);
  }
  // amount_reversed is the total reversed so far: apply only what is new since the last event.
  const alreadyReversed = line.reversedPence ?? 0;
  const newlyReversed = Math.min(line.amountPence, amountReversed) - alreadyReversed;
  if (newlyReversed <= 0) return ignore(store, event, at, 'nothing newly reversed');
  const applied = await recordLineReversed(store, line, { amountPence: newlyReversed, transferId, previouslyReversedPence: alreadyReversed }, { at, actor: WEBHOOK_ACTOR, ids }, [
    stripeEventPut(store, event.id, at, 'applied'),
  ]);
  await applyPendingReportMoves(store, line.runId);
  return applied ? { outcome: 'applied' } : { outcome: 'duplicate' };
};

/** A connected account's payout reached its bank: name it on every payout line whose transfer it carried. */
const payoutPaid = async (deps: Deps, event: StripeWebhookEvent, at: string): Promise<Applied> => {
  const { store, stripe } = deps;
  const payout = event.data.object;
  const payoutId = str(payout, 'id');
  const arrival = int(payout, 'arrival_date');
  const accountId = event.connectedAccountId;
  if (!accountId) return ignore(store, event, at, 'a payout of the platform’s own balance');
  if (!payoutId || arrival === undefined) return ignore(store, event, at, 'malformed: payout without id or arrival_date', true);
  const arrivalDate = londonDate(new Date(arrival * 1000));
  let named = 0;
  for (const transfer of await stripe!.transfersInPayout({ accountId, payoutId })) {
    const line = await lineOf(store, transfer.metadata);
    if (line && (await recordLinePayout(store, line, { transferId: transfer.id, payoutId, arrivalDate }))) named += 1;
  }
  // The line updates are idempotent: a crash before this record only means they are written again.
  if (named === 0) return ignore(store, event, at, 'carried no payout line');
  return (await recordStripeEvent(store, event.id, at, 'applied')) ? { outcome: 'applied' } : { outcome: 'duplicate' };
};

const lineOf = async (store: Store, metadata: Record<string, string>): Promise<PayoutLine | undefined> =>
  metadata.runId && metadata.lineId ? getLine(store, metadata.runId, metadata.lineId) : undefined;
