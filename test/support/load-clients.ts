// The mixed load's clients over real HTTP: link workers sending, VCSEs accepting, fund managers drafting
// and approving, commissioners reading reports, and Stripe's webhooks arriving again; each request's
// status and time recorded.
import { signPayload } from '../../local/stripe-sandbox/index.js';
import { unique, type Scenario } from './builders.js';
import type { Caller } from './harness.js';
import type { PayoutHarness } from './payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

export interface LoadWorld {
  readonly s: Scenario;
  readonly commissioner: Caller;
  /** Each VCSE's user and activity. */
  readonly vcses: readonly { vcse: Caller; activityId: string }[];
}

export interface LoadRecorder {
  readonly statuses: Map<number, number>;
  readonly times: number[];
  /** The first few 5xx answers, for the failure message. */
  readonly failures: string[];
}

const ROLES = ['link_worker', 'vcse', 'fund_manager', 'commissioner', 'webhook'] as const;
type LoadRole = (typeof ROLES)[number];

/** Client `i`'s role: a spread weighted towards sending and accepting, as a working day is. */
export const roleOf = (i: number): LoadRole => (['link_worker', 'vcse', 'link_worker', 'vcse', 'commissioner', 'vcse', 'link_worker', 'fund_manager', 'webhook', 'commissioner'] as const)[i % 10]!;

export const createLoadClient = (h: PayoutHarness, world: LoadWorld, recorder: LoadRecorder) => {
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (caller: Caller) => tokens.get(caller.sub) ?? tokens.set(caller.sub, h.token(caller)).get(caller.sub)!;
  /** Referrals sent and not yet taken by an accepting client, oldest first. */
  const sent: { id: string; vcse: Caller }[] = [];

  const request = async (method: string, path: string, init: { as?: Caller; body?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.as) headers.authorization = `Bearer ${await tokenOf(init.as)}`;
    if (init.body !== undefined) headers['content-type'] ??= 'application/json';
    const started = performance.now();
    const res = await fetch(`${h.baseUrl}${path}`, { method, headers, ...(init.body !== undefined ? { body: init.body } : {}) });
    const text = await res.text();
    recorder.times.push(performance.now() - started);
    recorder.statuses.set(res.status, (recorder.statuses.get(res.status) ?? 0) + 1);
    if (res.status >= 500 && recorder.failures.length < 5) recorder.failures.push(`${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, body: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : undefined };
  };

  const actions: Record<LoadRole, (i: number) => Promise<unknown>> = {
    async link_worker(i) {
      const target = world.vcses[i % world.vcses.length]!;
      const res = await request('POST', '/v1/referrals', { as: world.s.linkWorker, body: JSON.stringify({ activityId: target.activityId, clientRef: unique('CR'), source: 'gp' }) });
      if (res.status === 201) sent.push({ id: String(res.body!.id), vcse: target.vcse });
    },
    async vcse() {
      const next = sent.shift();
      if (!next) return request('GET', '/v1/referrals', { as: world.vcses[0]!.vcse });
      return request('POST', `/v1/referrals/${next.id}/accept`, { as: next.vcse, headers: { 'idempotency-key': `load-${next.id}` } });
    },
    async fund_manager(i) {
      // Draft, or approve the draft (the second manager), or read the fund: drafts and approvals race.
      const runs = await request('GET', `/v1/funds/${world.s.fundId}/payout-runs`, { as: world.s.manager });
      const draft = ((runs.body?.items ?? []) as { id: string; status: string }[]).find((r) => r.status === 'draft');
      if (draft) return request('POST', `/v1/payout-runs/${draft.id}/approve`, { as: world.s.secondManager });
      if (i % 2 === 0) return request('POST', `/v1/funds/${world.s.fundId}/payout-runs`, { as: world.s.manager, body: JSON.stringify({ through: londonDate(new Date()) }) });
      return request('GET', `/v1/funds/${world.s.fundId}`, { as: world.s.manager });
    },
    async commissioner(i) {
      const groupBy = ['organisation', 'monthEarned', 'monthPaid', 'priorityGroup'][i % 4];
      return request('GET', `/v1/reports/spend?fundId=${world.s.fundId}&groupBy=${groupBy}`, { as: world.commissioner });
    },
    async webhook(i) {
      const events = h.sandbox.events();
      const event = events[i % Math.max(1, events.length)];
      if (!event) return request('GET', '/health');
      const payload = JSON.stringify(event);
      const secret = event.account ? h.sandbox.webhookSecret : h.sandbox.platformWebhookSecret;
      return request('POST', '/v1/stripe/webhook', { body: payload, headers: { 'stripe-signature': signPayload(payload, secret) } });
    },
  };

  /** Client `i` works in its role until `until` (epoch ms). */
  return async (i: number, until: number) => {
    const role = roleOf(i);
    for (let n = 0; Date.now() < until; n += 1) await actions[role](i + n);
  };
};

