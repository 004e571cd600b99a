// The audit trail: every change recorded with its hash chain, and verification that names tampering.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { keys } from '../../shared/store/keys.js';
import { createAgreement, createScenario, sendReferral, userOf, type Scenario } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.table.drop());

const COMMISSIONER = userOf('org_icb', 'commissioner');

/** A fund with an agreement and two accepted referrals: several chains with several events. */
const fundWithHistory = async (): Promise<{ s: Scenario; referralIds: string[] }> => {
  const s = await createScenario(h);
  await createAgreement(h, s, { kind: 'per_referral', tariffPence: 2_000 });
  const referralIds = [];
  for (let i = 0; i < 2; i += 1) {
    const referral = await sendReferral(h, s);
    await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    await h.call('POST', `/v1/referrals/${referral.id}/outcome`, { as: s.vcse, body: { outcome: 'attended' } });
    referralIds.push(referral.id);
  }
  return { s, referralIds };
};

const verify = async (s: Scenario) => (await h.call('GET', `/v1/audit/verify?fundId=${s.fundId}`, { as: COMMISSIONER })).body;
const chainEvent = async (chainId: string, seq: number) =>
  (await h.table.store.doc.send(new GetCommand({ TableName: h.table.store.tableName, Key: keys.auditEvent(chainId, seq) }))).Item!;

describe('Route: GET /v1/audit', () => {
  it('lists the fund’s events oldest first, each linked to the one before it in its chain', async () => {
    const { s, referralIds } = await fundWithHistory();
    const res = await h.call('GET', `/v1/audit?fundId=${s.fundId}&limit=200`, { as: COMMISSIONER });
    expect(res.status).toBe(200);
    const actions = res.body.items.map((e: { action: string }) => e.action);
    expect(actions[0]).toBe('fund.created');
    expect(actions).toEqual(expect.arrayContaining(['agreement.created', 'referral.accepted', 'referral.outcome_recorded']));
    const ats = res.body.items.map((e: { at: string }) => e.at);
    expect([...ats].sort()).toEqual(ats);
    const accepted = res.body.items.find((e: { action: string; entityId: string }) => e.action === 'referral.accepted' && e.entityId === referralIds[0]);
    expect(accepted).toMatchObject({ actor: s.vcse.sub, seq: 2, data: { from: 'sent', to: 'accepted', funding: { tariffPence: 2_000 } } });
    // The first event of the referral's chain (sent) is the one the acceptance links to.
    expect(accepted.prevHash).toBe((await chainEvent(referralIds[0]!, 1)).hash);
  });

  it('is refused to VCSE users and link workers', async () => {
    const { s } = await fundWithHistory();
    expect((await h.call('GET', `/v1/audit?fundId=${s.fundId}`, { as: s.vcse })).status).toBe(403);
    expect((await h.call('GET', `/v1/audit?fundId=${s.fundId}`, { as: s.linkWorker })).status).toBe(403);
    expect((await h.call('GET', `/v1/audit/verify?fundId=${s.fundId}`, { as: s.manager })).status).toBe(403);
  });
});

describe('Route: GET /v1/audit/verify', () => {
  it('passes an untouched trail', async () => {
    const { s } = await fundWithHistory();
    expect(await verify(s)).toMatchObject({ ok: true, firstBrokenId: null, checked: expect.any(Number) });
  });

  it('names an event edited directly in the table', async () => {
    const { s, referralIds } = await fundWithHistory();
    const event = await chainEvent(referralIds[1]!, 2);
    await h.table.store.doc.send(
      new UpdateCommand({
        TableName: h.table.store.tableName,
        Key: keys.auditEvent(referralIds[1]!, 2),
        UpdateExpression: 'SET #data.#funding.tariffPence = :more',
        ExpressionAttributeNames: { '#data': 'data', '#funding': 'funding' },
        ExpressionAttributeValues: { ':more': 200_000 },
      }),
    );
    expect(await verify(s)).toMatchObject({ ok: false, firstBrokenId: event.id });
  });

  it('names the gap where an event was deleted', async () => {
    const { s, referralIds } = await fundWithHistory();
    const after = await chainEvent(referralIds[0]!, 3);
    await h.table.store.doc.send(new DeleteCommand({ TableName: h.table.store.tableName, Key: keys.auditEvent(referralIds[0]!, 2) }));
    expect(await verify(s)).toMatchObject({ ok: false, firstBrokenId: after.id });
  });

  it('notices when the latest event of a chain is deleted', async () => {
    const { s, referralIds } = await fundWithHistory();
    await h.table.store.doc.send(new DeleteCommand({ TableName: h.table.store.tableName, Key: keys.auditEvent(referralIds[0]!, 3) }));
    expect((await verify(s)).ok).toBe(false);
  });

  it('names events swapped into each other’s places', async () => {
    const { s, referralIds } = await fundWithHistory();
    const [two, three] = [await chainEvent(referralIds[0]!, 2), await chainEvent(referralIds[0]!, 3)];
    const put = (item: Record<string, unknown>, seq: number) =>
      h.table.store.doc.send(new PutCommand({ TableName: h.table.store.tableName, Item: { ...item, ...keys.auditEvent(referralIds[0]!, seq) } }));
    await put(three, 2);
    await put(two, 3);
    expect(await verify(s)).toMatchObject({ ok: false, firstBrokenId: three.id });
  });

  it('is also available to operators as npm run audit:verify, exiting 1 when broken', async () => {
    const { s, referralIds } = await fundWithHistory();
    const run = (fund: string) =>
      promisify(execFile)(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/audit-verify.ts', '--fund', fund], {
        env: { ...process.env, TABLE_NAME: h.table.store.tableName, DYNAMODB_ENDPOINT: inject('dynamoEndpoint') },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const good = await run(s.fundId);
    expect(good).toMatchObject({ code: 0, out: expect.stringContaining('verified') });
    await h.table.store.doc.send(new DeleteCommand({ TableName: h.table.store.tableName, Key: keys.auditEvent(referralIds[1]!, 1) }));
    const bad = await run(s.fundId);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('BROKEN');
  }, 60_000);
});
