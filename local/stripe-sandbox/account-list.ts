// GET /v1/accounts: the platform's connected accounts, newest first, with Stripe's `created` filter and cursor pagination.
//
// Stripe cannot filter accounts by metadata; a caller looking for one account walks the list.
// Called as a connected account (Stripe-Account), the list is empty: that account connects no others.
import { createdFilter } from './created-range.js';
import { type Endpoint, ok } from './endpoint.js';
import { listLimit, rejectUnknown } from './params.js';
import { pageOf } from './transfers.js';

const LIST_PARAMS = ['created', 'ending_before', 'expand', 'limit', 'starting_after'];

export const listAccounts: Endpoint = {
  method: 'GET',
  pattern: /^\/v1\/accounts$/,
  validate(request) {
    rejectUnknown(request.params, LIST_PARAMS);
    listLimit(request.query);
    createdFilter(request.params);
  },
  execute(request, core) {
    const passes = createdFilter(request.params);
    // Newest first by `created`; accounts of the same second, the later-made first (a stable sort of the reversed insertion order).
    const newestFirst = (request.account === null ? [...core.store.accounts.values()] : [])
      .reverse()
      .sort((a, b) => b.created - a.created)
      .filter((account) => passes(account.created));
    return ok(pageOf(newestFirst, request.query, '/v1/accounts', 'account'));
  },
};
