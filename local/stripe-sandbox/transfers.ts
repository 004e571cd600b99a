// Transfers from the platform balance to connected accounts: create, retrieve and list.
import { capabilityStatus } from './accounts.js';
import { createdFilter } from './created-range.js';
import { type Endpoint, ok, seconds } from './endpoint.js';
import { errors } from './errors.js';
import type { FormParams } from './form.js';
import { newId } from './ids.js';
import { recordTransfer } from './ledger.js';
import {
  ParamError,
  listLimit,
  metadata,
  optionalString,
  rejectUnknown,
  requiredInteger,
  requiredString,
} from './params.js';
import type { TransferObject } from './state.js';

const CREATE_PARAMS = [
  'amount', 'currency', 'description', 'destination', 'expand', 'metadata', 'source_transaction', 'source_type',
  'transfer_group',
] as const;

function readInput(params: FormParams) {
  rejectUnknown(params, CREATE_PARAMS);
  const amount = requiredInteger(params, 'amount', 1);
  const currency = requiredString(params, 'currency').toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw new ParamError(errors.invalidParam('currency', `Invalid currency: ${currency}`));
  const destination = requiredString(params, 'destination');
  if (optionalString(params, 'source_transaction') !== undefined) {
    // Paying out of a specific charge is not modelled: the platform here holds a topped-up balance, not charges.
    throw new ParamError(errors.invalidParam('source_transaction', 'source_transaction is not supported by the sandbox'));
  }
  const sourceType = optionalString(params, 'source_type');
  if (sourceType !== undefined && !['bank_account', 'card', 'fpx'].includes(sourceType)) {
    throw new ParamError(errors.invalidParam('source_type', `Invalid source_type: ${sourceType}`));
  }
  return {
    amount,
    currency,
    destination,
    description: optionalString(params, 'description') ?? null,
    transferGroup: optionalString(params, 'transfer_group') ?? null,
    metadata: metadata(params),
  };
}

export const createTransfer: Endpoint = {
  method: 'POST',
  pattern: /^\/v1\/transfers$/,
  validate: (request) => void readInput(request.params),
  execute(request, core) {
    const input = readInput(request.params);
    // Made as a connected account (Stripe-Account): its own balance holds nothing to send here.
    if (request.account !== null) return errors.balanceInsufficient();
    const account = core.store.accounts.get(input.destination);
    if (!account) return errors.noSuch(400, 'destination', input.destination, 'destination');
    if (capabilityStatus(account, 'transfers') !== 'active') return errors.insufficientCapabilities();
    // The platform balance is held in GBP only; any other currency has nothing available to send.
    if (input.currency !== 'gbp' || core.store.balancePence < input.amount) return errors.balanceInsufficient();
    core.store.balancePence -= input.amount;
    const id = newId.transfer();
    const transfer: TransferObject = {
      id,
      object: 'transfer',
      amount: input.amount,
      amount_reversed: 0,
      balance_transaction: '',
      created: seconds(core.now()),
      currency: input.currency,
      description: input.description,
      destination: input.destination,
      destination_payment: newId.destinationPayment(),
      livemode: false,
      metadata: input.metadata,
      reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
      reversed: false,
      source_transaction: null,
      source_type: 'card',
      transfer_group: input.transferGroup,
    };
    transfer.balance_transaction = recordTransfer(core, transfer);
    core.store.transfers.set(id, transfer);
    core.emit('transfer.created', transfer, {
      request: { id: request.requestId, idempotency_key: request.idempotencyKey },
    });
    return ok(transfer);
  },
};

export const retrieveTransfer: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/transfers\/([^/]+)$/,
  execute(request, core) {
    const id = request.match[0] ?? '';
    const transfer = request.account === null ? core.store.transfers.get(id) : undefined;
    return transfer ? ok(transfer) : errors.noSuch(404, 'transfer', id, 'id');
  },
};

const LIST_PARAMS = ['created', 'destination', 'ending_before', 'expand', 'limit', 'starting_after', 'transfer_group'];

export const listTransfers: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/transfers$/,
  validate(request) {
    rejectUnknown(request.params, LIST_PARAMS);
    listLimit(request.query);
    createdFilter(request.params);
  },
  execute(request, core) {
    const { query } = request;
    const passes = createdFilter(request.params);
    // A connected account (Stripe-Account) has made no transfers of its own.
    const newestFirst = (request.account === null ? [...core.store.transfers.values()] : [])
      .reverse()
      .filter((t) => !query.has('transfer_group') || t.transfer_group === query.get('transfer_group'))
      .filter((t) => !query.has('destination') || t.destination === query.get('destination'))
      .filter((t) => passes(t.created));
    return ok(pageOf(newestFirst, query, '/v1/transfers', 'transfer'));
  },
};

/** Stripe's cursor pagination over a newest-first list: `starting_after` / `ending_before` an object id. */
export function pageOf<T extends { id: string }>(items: T[], query: URLSearchParams, url: string, noun: string) {
  const limit = listLimit(query);
  const after = query.get('starting_after');
  const before = query.get('ending_before');
  let window = items;
  if (after) {
    const index = items.findIndex((item) => item.id === after);
    if (index === -1) throw new ParamError(errors.noSuch(400, noun, after, 'starting_after'));
    window = items.slice(index + 1);
  } else if (before) {
    const index = items.findIndex((item) => item.id === before);
    if (index === -1) throw new ParamError(errors.noSuch(400, noun, before, 'ending_before'));
    window = items.slice(Math.max(0, index - limit), index);
    return { object: 'list', data: window, has_more: index - limit > 0, url };
  }
  return { object: 'list', data: window.slice(0, limit), has_more: window.length > limit, url };
}
