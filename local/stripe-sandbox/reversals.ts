// Transfer reversals: pull money back from a connected account to the platform balance.
import { type Endpoint, ok, seconds } from './endpoint.js';
import { errors, stripeError } from './errors.js';
import { newId } from './ids.js';
import { recordReversal } from './ledger.js';
import { metadata, optionalInteger, optionalString, rejectUnknown } from './params.js';
import type { ReversalObject } from './state.js';
import { pageOf } from './transfers.js';

const CREATE_PARAMS = ['amount', 'description', 'expand', 'metadata', 'refund_application_fee'] as const;

function readInput(params: Parameters<typeof metadata>[0]) {
  rejectUnknown(params, CREATE_PARAMS);
  optionalString(params, 'description');
  return { amount: optionalInteger(params, 'amount', 1), metadata: metadata(params) };
}

export const createReversal: Endpoint = {
  method: 'POST',
  pattern: /^\/v1\/transfers\/([^/]+)\/reversals$/,
  validate: (request) => void readInput(request.params),
  execute(request, core) {
    const input = readInput(request.params);
    const transferId = request.match[0] ?? '';
    const transfer = request.account === null ? core.store.transfers.get(transferId) : undefined;
    if (!transfer) return errors.noSuch(404, 'transfer', transferId, 'id');
    const remaining = transfer.amount - transfer.amount_reversed;
    if (remaining === 0) {
      return stripeError(400, 'invalid_request_error', `Transfer ${transferId} has already been fully reversed.`);
    }
    const amount = input.amount ?? remaining;
    if (amount > remaining) {
      return stripeError(
        400,
        'invalid_request_error',
        `You cannot reverse more than the remaining amount of the transfer (${remaining}).`,
        { param: 'amount' },
      );
    }
    const id = newId.reversal();
    const refund = newId.destinationPaymentRefund();
    const reversal: ReversalObject = {
      id,
      object: 'transfer_reversal',
      amount,
      balance_transaction: recordReversal(core, transfer, id, refund, amount),
      created: seconds(core.now()),
      currency: transfer.currency,
      destination_payment_refund: refund,
      metadata: input.metadata,
      source_refund: null,
      transfer: transfer.id,
    };
    const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
    core.store.balancePence += amount;
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    transfer.reversals.data.unshift(reversal);
    // Stripe sends transfer.reversed for every reversal, partial ones included.
    core.emit('transfer.reversed', transfer, {
      previousAttributes: previous,
      request: { id: request.requestId, idempotency_key: request.idempotencyKey },
    });
    return ok(reversal);
  },
};

export const listReversals: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/transfers\/([^/]+)\/reversals$/,
  execute(request, core) {
    const transferId = request.match[0] ?? '';
    const transfer = request.account === null ? core.store.transfers.get(transferId) : undefined;
    if (!transfer) return errors.noSuch(404, 'transfer', transferId, 'id');
    return ok(pageOf(transfer.reversals.data, request.query, `/v1/transfers/${transferId}/reversals`, 'transfer_reversal'));
  },
};
