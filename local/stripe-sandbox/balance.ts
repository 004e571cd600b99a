// The Balance object as `GET /v1/balance` shows it: the platform's GBP, or a connected account's with the Stripe-Account header.
import { type Endpoint, ok } from './endpoint.js';
import { accountBalance } from './ledger.js';

const gbp = (available: number, pending: number) => ({
  object: 'balance',
  available: [{ amount: available, currency: 'gbp', source_types: { card: available } }],
  connect_reserved: [{ amount: 0, currency: 'gbp' }],
  livemode: false,
  pending: [{ amount: pending, currency: 'gbp', source_types: { card: pending } }],
});

export const retrieveBalance: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/balance$/,
  execute(request, core) {
    if (request.account === null) return ok(gbp(core.store.balancePence, 0));
    const { available, pending } = accountBalance(core, request.account);
    return ok(gbp(available, pending));
  },
};
