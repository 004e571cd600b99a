// A payout harness with notifications: the Notify stand-in, the official client, and the notifier in-process.
import { expect, inject } from 'vitest';
import { startNotifySandbox, type NotifySandbox, type OutboxMessage } from '../../local/notify-sandbox/index.js';
import type { NotifierDeps } from '../../functions/notifier/deps.js';
import { startLocalNotifier, type LocalNotifier } from '../../functions/notifier/local.js';
import { createNotifyGateway } from '../../shared/notify/client.js';
import { templateIds } from '../../shared/notify/templates.js';
import type { AuditEvent } from '../../shared/domain/audit.js';
import { entities } from '../../shared/store/entities.js';
import { keys, partitionQuery, sortPrefix } from '../../shared/store/keys.js';
import { queryAll } from '../../shared/store/query.js';
import type { Store } from '../../shared/store/client.js';
import { ADMIN, sendReferral, userOf, type Scenario } from './builders.js';
import { createPayoutHarness, eventually, settled, type PayoutHarness } from './payouts.js';
import { londonDate } from '../../shared/domain/periods.js';

export interface NotifierHarness extends PayoutHarness {
  readonly notify: NotifySandbox;
  readonly notifier: LocalNotifier;
  readonly notifierDeps: NotifierDeps;
  /** Moves the notifier's clock (leases, reminders) without touching the API's. */
  advance(ms: number): void;
  /** Sets an organisation's addresses through the API, as its own member would. */
  setAddresses(organisationId: string, addresses: { email: string; receives?: string[] }[]): Promise<void>;
  /** Waits until the outbox holds `count` messages matching `where`, and returns them. */
  waitForMessages(where: (m: OutboxMessage) => boolean, count?: number): Promise<OutboxMessage[]>;
  /** Waits until the queue has nothing left to do (nothing waiting, in flight or due again). */
  drained(): Promise<void>;
}

export const createNotifierHarness = async (options: { timeoutMs?: number; maxReceives?: number; retryDelayMs?: number } = {}): Promise<NotifierHarness> => {
  const h = await createPayoutHarness();
  const notify = await startNotifySandbox({ port: 0 });
  let offsetMs = 0;
  const notifierDeps: NotifierDeps = {
    store: h.table.store,
    notify: createNotifyGateway({ apiKey: notify.apiKey, baseUrl: notify.url, timeoutMs: options.timeoutMs ?? 300 }),
    templates: templateIds(),
    clock: () => new Date(Date.now() + offsetMs),
    logger: h.deps.logger,
    publicUrl: 'http://localhost:3000',
    // Long enough that a slow attempt on a busy machine is never overtaken; the crash test moves the clock past it.
    leaseMs: 10_000,
  };
  const notifier = await startLocalNotifier(notifierDeps, {
    endpoint: inject('dynamoEndpoint'),
    pollIntervalMs: 50,
    retryDelayMs: options.retryDelayMs ?? 20,
    maxReceives: options.maxReceives ?? 4,
  });
  return {
    ...h,
    notify,
    notifier,
    notifierDeps,
    advance: (ms) => {
      offsetMs += ms;
    },
    async setAddresses(organisationId, addresses) {
      const org = await h.call('GET', `/v1/organisations/${organisationId}`, { as: ADMIN });
      const role = org.body.kind === 'vcse' ? 'vcse' : org.body.kind === 'referrer' ? 'link_worker' : 'fund_manager';
      const res = await h.call('PUT', `/v1/organisations/${organisationId}/notification-settings`, { as: userOf(organisationId, role), body: { addresses } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    },
    waitForMessages: (where, count = 1) =>
      eventually(`${count} message(s) in the outbox`, async () => {
        const found = notify.outbox().filter(where);
        return found.length >= count ? found : undefined;
      }),
    drained: () => notifier.queue.idle(),
    async close() {
      await notifier.stop();
      await notify.close();
      await h.close();
    },
  };
};

export const today = () => londonDate(new Date());

/** Accepts `count` referrals to the scenario's activity as the VCSE would; returns their ids. */
export const acceptReferrals = async (h: NotifierHarness, s: Scenario, count: number): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const referral = await sendReferral(h, s);
    const res = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    ids.push(referral.id);
  }
  return ids;
};

/** Drafts a run through today, has the second fund manager approve it, and waits until it is paid. */
export const draftApproveAndPay = async (h: NotifierHarness, s: Scenario) => {
  const draft = await h.call('POST', `/v1/funds/${s.fundId}/payout-runs`, { as: s.manager, body: { through: today() } });
  expect(draft.status, JSON.stringify(draft.body)).toBe(201);
  const approved = await h.call('POST', `/v1/payout-runs/${draft.body.id}/approve`, { as: s.secondManager });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return settled(h, draft.body.id, s.manager);
};

/** The audit events of one chain (a referral, a run), oldest first, as the stream carried them. */
export const chainEvents = async (h: { readonly table: { readonly store: Store } }, chainId: string): Promise<AuditEvent[]> =>
  (await queryAll(h.table.store, entities.auditEvent, partitionQuery(keys.auditChain(chainId), sortPrefix.auditEvent))) as AuditEvent[];
