// Balance transactions and connected-account payouts: what a charity's bank line comes from.
//
//   platform ──transfer tr_──▶ connected account: platform BT `transfer` (−), account BT `payment`
//   (+, source py_, available 24 h later under the recipient agreement) ──payout po_──▶ the bank,
//   arriving the next day; the payout's balance transactions name every payment it carried.
import type { ApiRequest, Endpoint, SandboxCore } from './endpoint.js';
import { ok, seconds } from './endpoint.js';
import { errors } from './errors.js';
import { newId } from './ids.js';
import { rejectUnknown } from './params.js';
import type { BalanceTransactionObject, LedgerEntry, PayoutObject, TransferObject } from './state.js';
import { pageOf } from './transfers.js';

const DAY_SECONDS = 86_400;
/** Stripe: transfers to accounts under the recipient service agreement take an extra 24 hours to become available. */
const RECIPIENT_DELAY_SECONDS = DAY_SECONDS;

type Kind = BalanceTransactionObject['type'];

const REPORTING: Record<Kind, string> = {
  payment: 'charge',
  payment_refund: 'refund',
  payout: 'payout',
  transfer: 'transfer',
  transfer_refund: 'transfer_reversal',
};

function add(core: SandboxCore, account: string | null, kind: Kind, amount: number, source: string, availableOn: number): BalanceTransactionObject {
  const created = seconds(core.now());
  const object: BalanceTransactionObject = {
    id: newId.balanceTransaction(),
    object: 'balance_transaction',
    amount,
    available_on: availableOn,
    balance_type: 'payments',
    created,
    currency: 'gbp',
    description: null,
    exchange_rate: null,
    fee: 0,
    fee_details: [],
    net: amount,
    reporting_category: REPORTING[kind],
    source,
    status: availableOn <= created ? 'available' : 'pending',
    type: kind,
  };
  core.store.ledger.push({ account, payout: null, object });
  return object;
}

/** The platform's and the destination's movements for a new transfer; returns the platform's BT id. */
export function recordTransfer(core: SandboxCore, transfer: TransferObject): string {
  const now = seconds(core.now());
  const recipient = core.store.accounts.get(transfer.destination)?.tos_acceptance.service_agreement === 'recipient';
  add(core, transfer.destination, 'payment', transfer.amount, transfer.destination_payment, now + (recipient ? RECIPIENT_DELAY_SECONDS : 0));
  return add(core, null, 'transfer', -transfer.amount, transfer.id, now).id;
}

/** A reversal pulls the amount back: the account's balance down, the platform's up. */
export function recordReversal(core: SandboxCore, transfer: TransferObject, reversalId: string, refundId: string, amount: number): string {
  const now = seconds(core.now());
  add(core, transfer.destination, 'payment_refund', -amount, refundId, now);
  return add(core, null, 'transfer_refund', amount, reversalId, now).id;
}

/** As shown now: a transaction's status follows the clock. */
const render = (entry: LedgerEntry, now: number): BalanceTransactionObject => ({
  ...entry.object,
  status: entry.object.available_on <= now ? 'available' : 'pending',
});

export function accountBalance(core: SandboxCore, account: string): { available: number; pending: number } {
  const now = seconds(core.now());
  let available = 0;
  let pending = 0;
  for (const entry of core.store.ledger) {
    if (entry.account !== account) continue;
    if (entry.object.available_on <= now) available += entry.object.amount;
    else pending += entry.object.amount;
  }
  return { available, pending };
}

/**
 * What Stripe's automatic daily payout does: everything available on the account goes to its bank
 * account in one payout, arriving the next day. Undefined when nothing is available.
 */
export function payOut(core: SandboxCore, account: string): PayoutObject | undefined {
  if (!core.store.accounts.has(account)) throw new Error(`No such account: ${account}`);
  const { available } = accountBalance(core, account);
  if (available <= 0) return undefined;
  const now = seconds(core.now());
  const id = newId.payout();
  const carried = core.store.ledger.filter((e) => e.account === account && e.payout === null && e.object.available_on <= now);
  const own = add(core, account, 'payout', -available, id, now);
  for (const entry of [...carried, core.store.ledger.at(-1)!]) entry.payout = id;
  const payout: PayoutObject = {
    id,
    object: 'payout',
    amount: available,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: now + DAY_SECONDS,
    automatic: true,
    balance_transaction: own.id,
    created: now,
    currency: 'gbp',
    description: 'STRIPE PAYOUT',
    destination: `ba_1${account.slice(5)}`,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: {},
    method: 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'completed',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: null,
    status: 'paid',
    trace_id: null,
    type: 'bank_account',
  };
  core.store.payouts.set(id, { account, object: payout });
  core.emit('payout.created', { ...payout, status: 'pending' }, { account });
  core.emit('payout.paid', payout, { account });
  return payout;
}

/** Whose balance a call reads: the connected account named by Stripe-Account, or the platform. */
const scope = (request: ApiRequest): string | null => request.account;

export const listBalanceTransactions: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/balance_transactions$/,
  validate: (request) => rejectUnknown(request.params, ['created', 'currency', 'ending_before', 'expand', 'limit', 'payout', 'source', 'starting_after', 'type']),
  execute(request, core) {
    const { query } = request;
    const now = seconds(core.now());
    const payout = query.get('payout');
    if (payout !== null && core.store.payouts.get(payout)?.account !== (scope(request) ?? undefined)) return errors.noSuch(400, 'payout', payout, 'payout');
    const items = core.store.ledger
      .filter((e) => e.account === scope(request))
      .filter((e) => payout === null || e.payout === payout)
      .filter((e) => !query.has('type') || e.object.type === query.get('type'))
      .filter((e) => !query.has('source') || e.object.source === query.get('source'))
      .map((e) => render(e, now))
      .reverse();
    return ok(pageOf(items, query, '/v1/balance_transactions', 'balance_transaction'));
  },
};

export const retrieveBalanceTransaction: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/balance_transactions\/([^/]+)$/,
  execute(request, core) {
    const id = request.match[0] ?? '';
    const entry = core.store.ledger.find((e) => e.object.id === id && e.account === scope(request));
    return entry ? ok(render(entry, seconds(core.now()))) : errors.noSuch(404, 'balance transaction', id, 'id');
  },
};

export const listPayouts: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/payouts$/,
  validate: (request) => rejectUnknown(request.params, ['arrival_date', 'created', 'destination', 'ending_before', 'expand', 'limit', 'starting_after', 'status']),
  execute(request, core) {
    const items = [...core.store.payouts.values()]
      .filter((p) => p.account === scope(request))
      .map((p) => p.object)
      .reverse();
    return ok(pageOf(items, request.query, '/v1/payouts', 'payout'));
  },
};

export const retrievePayout: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/payouts\/([^/]+)$/,
  execute(request, core) {
    const id = request.match[0] ?? '';
    const payout = core.store.payouts.get(id);
    return payout && payout.account === scope(request) ? ok(payout.object) : errors.noSuch(404, 'payout', id, 'id');
  },
};
