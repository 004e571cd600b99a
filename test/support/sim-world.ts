// The simulation's world (a fund, three VCSEs on per-referral tariffs, two of them onboarded) and its
// client, which injects faults: a dropped response (the request ran; the client retries under the same
// Idempotency-Key), a duplicated request (two at once under one key), and a crash (the response lost
// and the app restarted with fresh dependencies over the same table, then the same key retried).
import { createInProcessDispatcher } from '../../functions/payout-worker/dispatch.js';
import { createIdempotencyStore } from '../../functions/runtime/idempotency-store.js';
import { composeLocalApp, type LocalApp } from '../../local/compose-app.js';
import { createStore } from '../../shared/store/client.js';
import { inject } from 'vitest';
import { createActivity, createAgreement, createOrganisation, createScenario, userOf, type Scenario } from './builders.js';
import type { Caller } from './harness.js';
import { onboard, type PayoutHarness } from './payouts.js';
import { newModel, type SimModel } from './sim-model.js';

export const FAULT_KINDS = ['none', 'dropped', 'duplicate', 'crash'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SimWorld {
  readonly s: Scenario;
  readonly model: SimModel;
  /** Each organisation's id, activity and VCSE user, by model index. */
  readonly organisations: readonly { id: string; activityId: string; vcse: Caller }[];
}

const ORGANISATIONS = [
  { tariffPence: 2_500, capacity: 12, onboarded: true },
  { tariffPence: 1_500, capacity: null, onboarded: true },
  { tariffPence: 1_000, capacity: 8, onboarded: false },
] as const;

/** A fund of £600: room for a few dozen tariffs, so the run meets capacity and the fund's end. */
export const createSimWorld = async (h: PayoutHarness): Promise<SimWorld> => {
  const s = await createScenario(h, { totalPence: 60_000 });
  const organisations = [];
  for (const [index, o] of ORGANISATIONS.entries()) {
    const id = index === 0 ? s.vcseOrgId : (await createOrganisation(h, 'vcse')).id;
    const activityId = index === 0 ? s.activityId : (await createActivity(h, id)).id;
    await createAgreement(h, s, { organisationId: id, kind: 'per_referral', tariffPence: o.tariffPence, ...(o.capacity !== null ? { capacity: o.capacity } : {}) });
    if (o.onboarded) await onboard(h, id);
    organisations.push({ id, activityId, vcse: userOf(id, 'vcse') });
  }
  return { s, organisations, model: newModel(60_000, ORGANISATIONS.map((o, index) => ({ index, ...o }))) };
};

export interface Answer {
  readonly status: number;
  readonly body: any;
}

export interface SimClient {
  /** A POST under `key` with the fault injected; the answer the client finally holds. */
  post(path: string, as: Caller, body: unknown, key: string, fault: FaultKind): Promise<Answer>;
  get(path: string, as: Caller): Promise<Answer>;
  /** Waits for payouts dispatched by any app this client has run. */
  idle(): Promise<void>;
  readonly faults: number;
  /** Closes the DynamoDB clients the restarts opened. */
  close(): Promise<void>;
}

export const createSimClient = (h: PayoutHarness): SimClient => {
  let app: LocalApp = h.app;
  const dispatchers = [h.payouts];
  const stores: ReturnType<typeof createStore>[] = [];
  let faults = 0;
  const send = async (method: string, path: string, as: Caller, body?: unknown, key?: string): Promise<Answer> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await h.token(as)}` };
    if (key) headers['idempotency-key'] = key;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** A fresh process: a new DynamoDB client, idempotency store and payout worker over the same table. */
  const restart = () => {
    const store = createStore({ tableName: h.deps.store.tableName, endpoint: inject('dynamoEndpoint') });
    const payouts = createInProcessDispatcher({ ...h.worker, store });
    dispatchers.push(payouts);
    stores.push(store);
    app = composeLocalApp({ ...h.deps, store, idempotencyStore: createIdempotencyStore(store), payouts });
  };
  /** Retries while the key is still in progress (a duplicate that lost the race). */
  const settledAnswer = async (path: string, as: Caller, body: unknown, key: string, first: Answer): Promise<Answer> => {
    let answer = first;
    for (let i = 0; answer.body?.code === 'idempotency_key_in_use' && i < 50; i += 1) answer = await send('POST', path, as, body, key);
    return answer;
  };
  return {
    get faults() {
      return faults;
    },
    get: (path, as) => send('GET', path, as),
    async close() {
      for (const dispatcher of dispatchers) await dispatcher.idle();
      for (const store of stores) store.raw.destroy();
    },
    async idle() {
      for (const dispatcher of dispatchers) await dispatcher.idle();
    },
    async post(path, as, body, key, fault) {
      if (fault !== 'none') faults += 1;
      switch (fault) {
        case 'none':
          return send('POST', path, as, body, key);
        case 'dropped':
          await send('POST', path, as, body, key);
          return settledAnswer(path, as, body, key, await send('POST', path, as, body, key));
        case 'duplicate': {
          const [a, b] = await Promise.all([send('POST', path, as, body, key), send('POST', path, as, body, key)]);
          return settledAnswer(path, as, body, key, a.body?.code === 'idempotency_key_in_use' ? b : a);
        }
        case 'crash':
          await send('POST', path, as, body, key);
          restart();
          return settledAnswer(path, as, body, key, await send('POST', path, as, body, key));
      }
    },
  };
};
