// The /v1 request pipeline: auth, rate limit, injected failures, idempotency, validation, execution — in Stripe's order.
//
//   auth (401) ─► rate limiter (429) ─► route (404) ─► decode body (400)
//     ─► injected failure before execution? (500 / hold / drop / 429; nothing runs, nothing saved)
//     ─► idempotency layer (replay / 400 idempotency_error / 409 in use)
//     ─► validate (400, not saved) ─► execute (any result saved under the key)
//     ─► injected failure after commit? (the saved result is lost on the way back)
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createAccountLink } from './account-links.js';
import { listAccounts } from './account-list.js';
import { createAccount, retrieveAccount } from './accounts.js';
import { retrieveBalance } from './balance.js';
import type { ApiRequest, Endpoint, SandboxCore } from './endpoint.js';
import { type ApiResult, errors } from './errors.js';
import type { Fault, FaultQueue } from './faults.js';
import { FormDecodeError, type FormParams, decodeForm } from './form.js';
import { apiKeyFrom, dropConnection, headerValue, hold, sendJson } from './http.js';
import type { IdempotencyClaim, IdempotencyLayer } from './idempotency.js';
import { newId } from './ids.js';
import { listBalanceTransactions, listPayouts, retrieveBalanceTransaction, retrievePayout } from './ledger.js';
import { ParamError } from './params.js';
import type { TokenBucket } from './rate-limit.js';
import { createReversal, listReversals } from './reversals.js';
import { createTransfer, listTransfers, retrieveTransfer } from './transfers.js';

export const ENDPOINTS: readonly Endpoint[] = [
  createAccount,
  listAccounts,
  retrieveAccount,
  createAccountLink,
  createTransfer,
  listTransfers,
  retrieveTransfer,
  createReversal,
  listReversals,
  retrieveBalance,
  listBalanceTransactions,
  retrieveBalanceTransaction,
  listPayouts,
  retrievePayout,
];

export interface ApiPipelineDeps {
  core: SandboxCore;
  idempotency: IdempotencyLayer;
  bucket: TokenBucket;
  faults: FaultQueue;
  latencyMs(): number;
  /** Called after anything was written, to persist the state. */
  committed(): void;
  log(message: string): void;
  /** Sees every answer the API gives (the drift test validates them against Stripe's types). */
  observe?(response: { method: string; path: string; status: number; body: unknown }): void;
}

const TEST_SECRET_KEY = /^sk_test_[A-Za-z0-9_]+$/;

export class ApiPipeline {
  constructor(private readonly deps: ApiPipelineDeps) {}

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const requestId = newId.request();
    const idempotencyKey = method === 'POST' ? headerValue(req, 'idempotency-key') : null;
    const baseHeaders: Record<string, string> = {
      'Request-Id': requestId,
      'Stripe-Version': headerValue(req, 'stripe-version') ?? this.deps.core.apiVersion,
    };
    if (idempotencyKey !== null) baseHeaders['Idempotency-Key'] = idempotencyKey;
    const respond = (result: ApiResult) => {
      this.deps.observe?.({ method, path, status: result.status, body: result.body });
      sendJson(res, result.status, result.body, { ...baseHeaders, ...result.headers });
    };

    const apiKey = apiKeyFrom(req);
    if (apiKey === null) return respond(withAuthChallenge(errors.missingApiKey()));
    if (!TEST_SECRET_KEY.test(apiKey)) return respond(withAuthChallenge(errors.invalidApiKey(apiKey)));
    if (!this.deps.bucket.take()) return respond(errors.rateLimited());

    const route = findRoute(method, path);
    if (!route) return respond(errors.unrecognizedUrl(method, path));
    // Stripe-Account scopes the call to a connected account of this platform; any other is refused.
    const account = headerValue(req, 'stripe-account');
    if (account !== null && !this.deps.core.store.accounts.has(account)) return respond(errors.accountInvalid(apiKey, account));
    let params: FormParams;
    try {
      params = decodeForm(method === 'POST' ? body : url.search.slice(1));
    } catch (error) {
      if (error instanceof FormDecodeError) return respond(errors.malformedBody(error.message, error.param));
      throw error;
    }
    const request: ApiRequest = {
      method, path, params, query: url.searchParams, apiKey, requestId, idempotencyKey, account, match: route.match,
    };

    const fault = this.deps.faults.take(method, path);
    if (fault && !fault.afterCommit && !fault.saved) return this.failBeforeExecution(fault, req, respond);

    let claim: IdempotencyClaim | undefined;
    if (idempotencyKey !== null) {
      const decision = this.deps.idempotency.begin(idempotencyKey, method, path, params);
      if (decision.kind !== 'proceed') {
        return this.deliver(decision.result, fault, req, respond);
      }
      claim = decision.claim;
    }

    try {
      route.endpoint.validate?.(request, this.deps.core);
    } catch (error) {
      claim?.release();
      if (error instanceof ParamError) return respond(error.result);
      throw error;
    }

    // Real requests take time; meanwhile the key is in flight and a concurrent reuse gets a 409.
    const latency = this.deps.latencyMs();
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));

    const result = fault?.saved ? savedServerError() : this.execute(route.endpoint, request);
    claim?.save(result, requestId);
    if (method === 'POST') this.deps.committed();
    return this.deliver(result, fault, req, respond);
  }

  private execute(endpoint: Endpoint, request: ApiRequest): ApiResult {
    try {
      return endpoint.execute(request, this.deps.core);
    } catch (error) {
      if (error instanceof ParamError) return error.result;
      this.deps.log(`unexpected error in ${request.method} ${request.path}: ${String(error)}`);
      return errors.serverError();
    }
  }

  private failBeforeExecution(fault: Fault, req: IncomingMessage, respond: (result: ApiResult) => void): void {
    switch (fault.kind) {
      case 'rate_limit':
        return respond(errors.rateLimited());
      case 'server_error':
        return respond(errors.serverError());
      case 'timeout':
        return hold(req, fault.holdMs);
      case 'connection_reset':
        return dropConnection(req);
    }
  }

  /** Answers the result, unless an afterCommit failure loses it on the way back. */
  private deliver(result: ApiResult, fault: Fault | undefined, req: IncomingMessage, respond: (r: ApiResult) => void): void {
    if (!fault?.afterCommit) return respond(result);
    switch (fault.kind) {
      case 'server_error':
        return respond(errors.serverError());
      case 'timeout':
        return hold(req, fault.holdMs);
      case 'connection_reset':
        return dropConnection(req);
      case 'rate_limit':
        return respond(result);
    }
  }
}

/**
 * A 500 raised inside the endpoint. Stripe saves it under the idempotency key like any other result
 * and says not to retry, since a retry would only replay it (the SDK honours Stripe-Should-Retry).
 */
function savedServerError(): ApiResult {
  return { ...errors.serverError(), headers: { 'Stripe-Should-Retry': 'false' } };
}

function withAuthChallenge(result: ApiResult): ApiResult {
  return { ...result, headers: { ...result.headers, 'WWW-Authenticate': 'Bearer realm="Stripe"' } };
}

function findRoute(method: string, path: string): { endpoint: Endpoint; match: string[] } | undefined {
  for (const endpoint of ENDPOINTS) {
    if (endpoint.method !== method) continue;
    const found = endpoint.pattern.exec(path);
    if (found) return { endpoint, match: found.slice(1).map((part) => decodeURIComponent(part)) };
  }
  return undefined;
}
