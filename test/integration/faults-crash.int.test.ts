// Kill and restart: a child process running the platform as `npm start` wires it, on this file's table
// and Stripe sandbox, SIGKILLed at seeded points of acceptances and of a payout run, then started again.
// After recovery every accepted referral is funded once and every line is paid by exactly one transfer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLocalIssuer, generateSigningJwk, type LocalTokenIssuer } from '../../functions/runtime/auth/local-issuer.js';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { expectEachAcceptedOnce, expectEachLinePaidOnce, owingRun } from '../support/crash-accounting.js';
import { removeBundle, startChild, type ChildProcess, type Crash } from '../support/crash-process.js';
import type { Caller } from '../support/harness.js';
import { recordFigures } from '../support/hostile-figures.js';
import { seededRandom } from '../support/model-random.js';
import { createPayoutHarness, eventually, type PayoutHarness } from '../support/payouts.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 13);
const KILLS = Number(process.env.CRASH_KILLS ?? 2);
const TARIFF = 2_500;

let h: PayoutHarness;
let issuer: LocalTokenIssuer;
let dataDir: string;
let kills = 0;
let requests = 0;
beforeAll(async () => {
  // The parent's own worker never pays here: the child does, as the process being killed.
  h = await createPayoutHarness();
  dataDir = mkdtempSync(join(tmpdir(), 'pop-crash-'));
  const jwk = await generateSigningJwk();
  writeFileSync(join(dataDir, 'jwt-signing-key.json'), JSON.stringify(jwk));
  issuer = await createLocalIssuer(jwk);
});
afterAll(async () => {
  recordFigures({ requests, kills });
  rmSync(dataDir, { recursive: true, force: true });
  await removeBundle();
  await h.close();
});

const childEnv = () => ({
  DATA_DIR: dataDir,
  TABLE_NAME: h.table.store.tableName,
  DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
  STRIPE_SANDBOX_URL: h.sandbox.url,
  STRIPE_WEBHOOK_SECRET: h.sandbox.webhookSecret,
  STRIPE_PLATFORM_WEBHOOK_SECRET: h.sandbox.platformWebhookSecret,
  PAYOUT_TRANSFERS_PER_SECOND: '100',
});

/** A POST to the child as `caller`; undefined when the connection died with the process. */
const post = async (child: ChildProcess, path: string, caller: Caller) => {
  requests += 1;
  try {
    const res = await fetch(`${child.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${await issuer.issue(caller)}` } });
    return { status: res.status, body: (await res.json()) as { code?: string } };
  } catch {
    return undefined;
  }
};

/** The next seeded crash point within the first `calls` DynamoDB calls of a process, while this test has kills left. */
const nextCrash = (random: () => number, calls: number, killsBefore: number): Crash | undefined =>
  kills - killsBefore < KILLS ? { atCall: 1 + Math.floor(random() * calls), when: random() < 0.5 ? 'before' : 'after' } : undefined;

/** Runs the child until it exits; a SIGKILL counts as a kill. */
const ended = async (child: ChildProcess, stop = false) => {
  const signal = stop ? await child.stop() : await child.ended;
  if (signal === 'SIGKILL') kills += 1;
  return signal;
};

describe('Kill and restart', () => {
  it('funds every referral exactly once when the process is killed at seeded points of acceptances', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: TARIFF });
    const referrals: string[] = [];
    for (let i = 0; i < 6; i += 1) referrals.push((await sendReferral(h, s)).id);
    const random = seededRandom(SEED);
    const pending = [...referrals];
    const killsBefore = kills;
    for (let round = 0; pending.length > 0 && round < KILLS + 3; round += 1) {
      // An acceptance makes at least three DynamoDB calls (read, agreements, transaction), so the point
      // always falls inside the work left, whatever its exact count of calls.
      const child = await startChild(childEnv(), nextCrash(random, 3 * pending.length, killsBefore));
      let died = child.baseUrl === undefined;
      while (!died && pending.length > 0) {
        // No Idempotency-Key: a key left in progress by a killed request answers 409 for 30 s (below),
        // and acceptance is safe to repeat on its own (only a referral still `sent` can be accepted).
        const res = await post(child, `/v1/referrals/${pending[0]}/accept`, s.vcse);
        if (res === undefined) died = true;
        else if (res.status === 200 || res.body.code === 'invalid_transition') pending.shift();
        else expect([503], JSON.stringify(res)).toContain(res.status);
      }
      await ended(child, !died);
    }
    expect(pending).toEqual([]);
    expect(kills - killsBefore, 'the process was killed').toBeGreaterThan(0);
    await expectEachAcceptedOnce(h, s, referrals, TARIFF);
  });

  it('answers a retry under the key of a request killed mid-way with 409 idempotency_key_in_use, never running it twice', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'per_referral', tariffPence: TARIFF });
    const referral = await sendReferral(h, s);
    const withKey = async (child: ChildProcess) => {
      requests += 1;
      const res = await fetch(`${child.baseUrl}/v1/referrals/${referral.id}/accept`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await issuer.issue(s.vcse)}`, 'idempotency-key': `accept-${referral.id}` },
      }).catch(() => undefined);
      return res && { status: res.status, body: (await res.json()) as { code?: string } };
    };
    // Killed once the idempotency record is written (its first write, after the start's look for unfinished
    // runs and the caller's membership read) and before the acceptance ran.
    const first = await startChild(childEnv(), { atCall: 3, when: 'after' });
    expect(await withKey(first)).toBeUndefined();
    expect(await ended(first)).toBe('SIGKILL');
    const second = await startChild(childEnv());
    const retried = await withKey(second);
    await ended(second, true);
    expect(retried).toMatchObject({ status: 409, body: { code: 'idempotency_key_in_use' } });
    expect((await h.call('GET', `/v1/referrals/${referral.id}`, { as: s.vcse })).body.status).toBe('sent');
  });

  it('pays every line exactly once when the process is killed at seeded points of a payout run and restarted', async () => {
    const { s, runId } = await owingRun(h, 3);
    const random = seededRandom(SEED + 1);
    const killsBefore = kills;
    let approved = false;
    let status = '';
    for (let round = 0; status !== 'paid' && round < KILLS + 3; round += 1) {
      // On start the child resumes runs left approved or paying, as `npm start` does.
      // Paying three lines takes more than 14 DynamoDB calls (run, lines, and four per line at least).
      const child = await startChild(childEnv(), nextCrash(random, 14, killsBefore));
      if (child.baseUrl !== undefined && !approved) {
        const res = await post(child, `/v1/payout-runs/${runId}/approve`, s.secondManager);
        approved = res !== undefined && (res.status === 200 || res.body.code === 'invalid_transition');
      }
      // Until the run settles, or the child is killed on the way.
      let gone = false;
      void child.ended.then(() => (gone = true));
      const settledRun = await eventually('the run to settle or the child to die', async () => {
        status = (await h.call('GET', `/v1/payout-runs/${runId}`, { as: s.manager })).body.status;
        return ['paid', 'paid_with_failures'].includes(status) || gone;
      });
      const signal = settledRun && !gone ? 'settled' : 'gone';
      await ended(child, signal === 'settled');
    }
    expect(status).toBe('paid');
    expect(kills - killsBefore, 'the process was killed').toBeGreaterThan(0);
    await expectEachLinePaidOnce(h, s, runId);
  });
});
