// The platform's Balance object: GBP available to transfer, as `GET /v1/balance` shows it.
import { type Endpoint, ok } from './endpoint.js';

export const retrieveBalance: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/balance$/,
  execute(_request, core) {
    const amount = core.store.balancePence;
    return ok({
      object: 'balance',
      available: [{ amount, currency: 'gbp', source_types: { card: amount } }],
      connect_reserved: [{ amount: 0, currency: 'gbp' }],
      livemode: false,
      pending: [{ amount: 0, currency: 'gbp', source_types: { card: 0 } }],
    });
  },
};
