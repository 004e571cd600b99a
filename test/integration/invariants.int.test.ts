// The invariant checker itself: it must catch a fund that does not add up.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/store/keys.js';
import { createAgreement, createScenario, sendReferral } from '../support/builders.js';
import { createHarness, type Harness } from '../support/harness.js';
import { checkInvariants } from '../support/invariants.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.table.drop());

describe('Function: checkInvariants', () => {
  it('passes a fund that adds up, then fails when its figures or counters are tampered with', async () => {
    const s = await createScenario(h);
    await createAgreement(h, s, { kind: 'block', capacity: 1, amountPence: 120_000 });
    const referral = await sendReferral(h, s);
    await h.call('POST', `/v1/referrals/${referral.id}/accept`, { as: s.vcse });
    await expect(checkInvariants(h.table.store)).resolves.toBeUndefined();

    const { doc, tableName } = h.table.store;
    await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.fund(s.fundId), UpdateExpression: 'SET paidPence = :p', ExpressionAttributeValues: { ':p': 1 } }));
    await expect(checkInvariants(h.table.store)).rejects.toThrow(/total/);
    await doc.send(new UpdateCommand({ TableName: tableName, Key: keys.fund(s.fundId), UpdateExpression: 'SET paidPence = :p', ExpressionAttributeValues: { ':p': 0 } }));

    await doc.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keys.periodCounter('agr_fake', '2026-11'), entity: 'period_counter', agreementId: 'agr_fake', periodKey: '2026-11', capacity: 1, used: 2 },
      }),
    );
    await expect(checkInvariants(h.table.store)).rejects.toThrow(/agr_fake/);
  });
});
