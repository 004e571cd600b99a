// A payout harness with notifications: the Notify stand-in, the official client, and the notifier in-process.
import { expect, inject } from 'vitest';
import { startNotifySandbox, type NotifySandbox, type OutboxMessage } from '../../local/notify-sandbox/index.js';
import type { NotifierDeps } from '../../functions/notifier/deps.js';
import { startLocalNotifier, type LocalNotifier } from '../../functions/notifier/local.js';
import { createNotifyGateway } from '../../shared/notify/client.js';
import { templateIds } from '../../shared/notify/templates.js';
import { ADMIN, userOf } from './builders.js';
import { createPayoutHarness, eventually, type PayoutHarness } from './payouts.js';

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

export const createNotifierHarness = async (options: { timeoutMs?: number; maxReceives?: number } = {}): Promise<NotifierHarness> => {
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
    leaseMs: 1_000,
  };
  const notifier = await startLocalNotifier(notifierDeps, {
    endpoint: inject('dynamoEndpoint'),
    pollIntervalMs: 50,
    retryDelayMs: 20,
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
