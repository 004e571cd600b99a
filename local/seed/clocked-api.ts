// The API as the seed drives it: its own app over the same table, with a clock the seed sets, so demo history happens on the days it says.
import { createApp } from '../../functions/api/app.js';
import type { Deps } from '../../functions/runtime/deps.js';
import { inProcessPayouts } from '../../functions/payout-worker/dispatch.js';
import type { Role } from '../../shared/domain/roles.js';

export interface Caller {
  readonly sub: string;
  readonly roles: Role[];
  readonly organisationId?: string;
}

export interface ClockedApi {
  /** Every request from now on happens at `instant`. */
  at(instant: Date): void;
  readonly now: () => Date;
  post(as: Caller, path: string, body?: unknown): Promise<any>;
  get(as: Caller, path: string): Promise<any>;
  /** Waits for payout runs handed to the in-process worker. */
  payoutsIdle(): Promise<void>;
}

/** `follow`: told every instant the seed moves to (the local Stripe sandbox's clock keeps in step). */
export const clockedApi = (deps: Deps, follow?: (instant: Date) => void): ClockedApi => {
  let current = deps.clock();
  const clock = () => current;
  // The worker pays on the seed's clock too, so a run approved "ten days ago" was paid then.
  const payouts = deps.stripe
    ? inProcessPayouts({ store: deps.store, stripe: deps.stripe, logger: deps.logger, clock, ids: deps.ids, metrics: deps.metrics, transfersPerSecond: 50 })
    : undefined;
  const app = createApp({ ...deps, clock, payouts });
  const issuer = deps.localIssuer;
  if (!issuer) throw new Error('Demo data is seeded only with AUTH_MODE=local.');
  const request = async (method: string, as: Caller, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${await issuer.issue(as)}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json: unknown = await res.json();
    if (res.status >= 300) throw new Error(`Seeding ${method} ${path} failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    at: (instant) => {
      current = instant;
      follow?.(instant);
    },
    now: clock,
    post: (as, path, body) => request('POST', as, path, body),
    get: (as, path) => request('GET', as, path),
    payoutsIdle: async () => payouts?.idle(),
  };
};
