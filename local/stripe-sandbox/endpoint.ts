// The shape every sandbox API endpoint has, and the shared services (state, clock, events) it is given.
import type { ApiResult } from './errors.js';
import type { FormParams } from './form.js';
import type { EventObject, SandboxStore } from './state.js';

export interface ApiRequest {
  method: string;
  path: string;
  /** Decoded form body (POST) or query string (GET). */
  params: FormParams;
  query: URLSearchParams;
  apiKey: string;
  requestId: string;
  idempotencyKey: string | null;
  /** The `Stripe-Account` header: the connected account the call acts as, or null for the platform. */
  account: string | null;
  /** Path captures, e.g. the id in /v1/transfers/:id. */
  match: string[];
}

export interface EmitOptions {
  /** The connected account, for Connect events (e.g. account.updated). */
  account?: string;
  previousAttributes?: Record<string, unknown>;
  request?: { id: string | null; idempotency_key: string | null };
}

export interface SandboxCore {
  readonly store: SandboxStore;
  /** Milliseconds since the epoch; injectable for tests. */
  now(): number;
  readonly publicBaseUrl: string;
  readonly apiVersion: string;
  /** What Stripe has approved for this platform (see StripeSandboxOptions.platformApprovals). */
  readonly approvals: { readonly transfersWithoutCardPayments: boolean };
  /** Records an event and hands it to the webhook sender. */
  emit(type: string, object: unknown, options?: EmitOptions): EventObject;
}

export interface Endpoint {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /**
   * Checks the parameters before anything executes. Throwing ParamError here answers a 400 that is
   * NOT saved under the idempotency key, as Stripe documents for requests that fail validation.
   */
  validate?(request: ApiRequest, core: SandboxCore): void;
  /** Runs the endpoint; whatever it answers (success or error) is saved under the idempotency key. */
  execute(request: ApiRequest, core: SandboxCore): ApiResult;
}

export const seconds = (ms: number): number => Math.floor(ms / 1000);

export const ok = (body: unknown): ApiResult => ({ status: 200, body });
