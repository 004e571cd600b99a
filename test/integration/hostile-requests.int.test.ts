// The probe's findings about requests themselves: idempotency keys reused elsewhere, hostile text
// and queries, NHS numbers in every free-text field, and a client that hangs up mid-body.
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAgreement, createScenario, sendReferral, tableSnapshot, unique, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { eventually } from '../support/payouts.js';

let h: Harness;
let s: Scenario;
beforeAll(async () => {
  h = await createHarness();
  s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 1_500 });
});
afterAll(() => h.close());

describe('Finding: an Idempotency-Key reused on another path', () => {
  it('answers 422 idempotency_conflict and does not accept the second referral', async () => {
    const [first, second] = [await sendReferral(h, s), await sendReferral(h, s)];
    const headers = { 'idempotency-key': unique('accept-key').replace(/\s/g, '-') };
    expect((await h.call('POST', `/v1/referrals/${first.id}/accept`, { as: s.vcse, headers })).status).toBe(200);
    const before = await tableSnapshot(h);
    const reused = await h.call('POST', `/v1/referrals/${second.id}/accept`, { as: s.vcse, headers });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency_conflict');
    expect((await h.call('GET', `/v1/referrals/${second.id}`, { as: s.vcse })).body.status).toBe('sent');
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('still replays the first answer for the same key on the same path', async () => {
    const referral = await sendReferral(h, s);
    const headers = { 'idempotency-key': unique('replay-key').replace(/\s/g, '-') };
    const first = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse, headers });
    const again = await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse, headers });
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('Finding: hostile text and queries', () => {
  const NHS_NUMBERS = ['943  476  5919', '943\t476\t5919', '943\u00a0476\u00a05919', '943-476-5919', '９４３４７６５９１９'];
  const HIDDEN = ['a\u0000b', 'a\u202eb', 'a\u0007b', 'a\ud800b'];

  /** Each free-text field of each write, with a body that is valid but for that field. */
  const freeTextFields = (): [string, string, (value: string) => Record<string, unknown>][] => [
    ['POST', '/v1/activities', (v) => ({ name: v, category: 'physical_activity' })],
    ['POST', '/v1/activities', (v) => ({ name: 'Walk', category: 'physical_activity', description: v })],
    ['POST', '/v1/referrals', (v) => ({ activityId: s.activityId, clientRef: v, source: 'gp' })],
    ['POST', '/v1/referrals', (v) => ({ activityId: s.activityId, clientRef: 'CR-1', source: 'gp', priorityGroup: v })],
    ['POST', '/v1/funds', (v) => ({ name: v, totalPence: 100, startsOn: '2026-01-01', endsOn: '2026-12-31' })],
  ];
  const callerFor = (path: string) => (path === '/v1/activities' ? s.vcse : path === '/v1/funds' ? s.manager : s.linkWorker);

  it('refuses an NHS number written any way, in every free-text field, writing nothing', async () => {
    const before = await tableSnapshot(h);
    for (const [method, path, body] of freeTextFields()) {
      for (const value of [...NHS_NUMBERS, ...HIDDEN]) {
        const res = await h.call(method, path, { as: callerFor(path), body: body(`seen ${value} today`) });
        expect({ path, value, status: res.status, code: res.body?.code }).toEqual({ path, value, status: 400, code: 'validation_failed' });
      }
    }
    expect(await tableSnapshot(h)).toEqual(before);
  });

  it('refuses a limit written in hex or exponent form and an unknown query parameter', async () => {
    for (const query of ['limit=0x10', 'limit=1e2', 'limit=%2B5', 'lmit=5', 'status=sent&colour=red']) {
      const res = await h.call('GET', `/v1/referrals?${query}`, { as: s.linkWorker });
      expect({ query, status: res.status, code: res.body?.code }).toEqual({ query, status: 400, code: 'validation_failed' });
    }
    expect((await h.call('GET', '/v1/referrals?limit=10&status=sent', { as: s.linkWorker })).status).toBe(200);
  });
});

describe('Finding: a client that drops the connection mid-body', () => {
  let server: ServerType;
  let port: number;
  beforeAll(async () => {
    port = await new Promise<number>((resolve) => {
      server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** What the app logged while `act` ran: error messages and the codes of refused requests. */
  const logged = async (act: () => Promise<unknown>) => {
    const errors = vi.spyOn(Logger.prototype, 'error');
    const infos = vi.spyOn(Logger.prototype, 'info');
    try {
      await act();
      await eventually('the request to be logged', async () => infos.mock.calls.some(([message]) => message === 'request'));
      return {
        errors: errors.mock.calls.map(([message]) => message),
        refused: infos.mock.calls.filter(([message]) => message === 'request refused').map(([, extra]) => (extra as { code?: string }).code),
      };
    } finally {
      errors.mockRestore();
      infos.mockRestore();
    }
  };

  it.each([
    ['without an Idempotency-Key', {}],
    ['with an Idempotency-Key (read before the route)', { 'idempotency-key': 'hang-up-1' }],
  ])('is logged as a refused request, never as an internal error, when the body stream breaks %s', async (_how, extra) => {
    const token = await h.token(s.vcse);
    const res = await logged(async () => {
      // What @hono/node-server hands the app when the socket closes mid-body.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"name":"half'));
          controller.error(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
        },
      });
      const answer = await h.app.request('/v1/activities', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': '4000', ...extra },
        body,
        duplex: 'half',
      } as RequestInit);
      expect(answer.status).toBe(400);
    });
    expect(res).toEqual({ errors: [], refused: ['validation_failed'] });
  });

  it('is never an internal error when a real socket hangs up mid-body', async () => {
    const token = await h.token(s.vcse);
    const res = await logged(async () => {
      const socket = connect(port, '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /v1/activities HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{"name":"half`,
      );
      socket.destroy();
    });
    expect(res.errors).toEqual([]);
  });
});
